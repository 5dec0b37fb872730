// The PyTorch peer scripts of these tests, copied next to the binaries under Peer/ (with the shared st.py).
using PacsSeg.Tests.Shared;

namespace PacsSeg.Torch.Tests;

internal static class PythonPeer
{
    public static string PeerDirectory => Path.Combine(AppContext.BaseDirectory, "Peer");

    public static string Run(string script, params string[] args) => PythonProcess.Run(Path.Combine(PeerDirectory, script), args);
}
