using System.Net;

namespace PacsSeg.Dicom.Network.DicomWeb;

/// <summary>A DICOMweb request got an HTTP error status.</summary>
public sealed class DicomWebException : DicomNetworkException
{
    public DicomWebException(HttpStatusCode statusCode, string message) : base(message) => StatusCode = statusCode;

    public HttpStatusCode StatusCode { get; }

    /// <summary>Worth retrying: 408, 429 and 5xx.</summary>
    public bool IsTransient => StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)StatusCode >= 500;
}
