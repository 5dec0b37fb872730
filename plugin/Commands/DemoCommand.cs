// `PacsSeg.Plugin demo`: needs the C-STORE SCP and an inference engine, which this build does not have yet.
using System.CommandLine;

namespace PacsSeg.Plugin.Commands;

internal static class DemoCommand
{
    public const int NotAvailableExitCode = 3;

    public static Command Create()
    {
        var command = new Command("demo", "Phantom CT study -> Orthanc -> plugin -> SEG and uncertainty map back in Orthanc.");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("PacsSeg.Plugin demo: not available yet: it needs the DICOM C-STORE SCP and the inference engine, which this build does not include.");
            return NotAvailableExitCode;
        });
        return command;
    }
}
