// The network tests drive the PDU layer directly (hostile input, codec round trips).
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("PacsSeg.Dicom.Tests")]
