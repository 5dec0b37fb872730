namespace PacsSeg.Plugin.Spool;

/// <summary>Free space of the file system holding a path (a seam so quotas or shared volumes can report their own).</summary>
public interface IDiskSpaceProbe
{
    long GetAvailableBytes(string path);
}
