namespace PacsSeg.Plugin.Spool;

public sealed class DriveDiskSpaceProbe : IDiskSpaceProbe
{
    // DriveInfo on Unix runs statvfs on the path it is given, so any folder of the volume works.
    public long GetAvailableBytes(string path) => new DriveInfo(path).AvailableFreeSpace;
}
