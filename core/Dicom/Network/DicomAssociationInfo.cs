using System.Net;

namespace PacsSeg.Dicom.Network;

/// <summary>Who is on the other end of an association, as handlers and logs see it.</summary>
public sealed record DicomAssociationInfo(string Id, string CallingAe, string CalledAe, IPEndPoint? RemoteEndPoint);
