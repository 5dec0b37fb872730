using System.CommandLine;
using PacsSeg.Trainer.Data;
using Spectre.Console;

namespace PacsSeg.Trainer.Cli;

/// <summary><c>train import-dicom --in FOLDER --out DATASET</c>: DICOM series + SEG pairs to a dataset folder.</summary>
public static class ImportDicomCommand
{
    public static Command Create()
    {
        var input = new Option<DirectoryInfo>("--in") { Description = "Folder of DICOM files (searched recursively): image series and SEGs.", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "New or empty folder for the dataset (nnU-Net layout, NIfTI).", Required = true };
        var name = new Option<string?>("--name") { Description = "Dataset name in dataset.json (default: the output folder's name)." };
        var command = new Command("import-dicom", "Import DICOM series and their SEGs as a dataset; series without a SEG become unlabeled cases.") { input, output, name };
        command.SetAction(parse => Run(parse.GetValue(input)!.FullName, parse.GetValue(output)!.FullName, parse.GetValue(name)));
        return command;
    }

    public static int Run(string input, string output, string? name)
    {
        try
        {
            DicomImportResult? result = null;
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask("import series", maxValue: 1);
                    result = DicomImporter.Import(input, output, name, new SyncProgress(p =>
                    {
                        task.MaxValue = p.Total;
                        task.Value = p.Done;
                    }));
                });
            foreach (string s in result!.Skipped)
                Console.Error.WriteLine($"skipped {s}");
            var d = result.Description;
            Console.WriteLine($"wrote {d.NumLabeled} labeled and {d.NumUnlabeled} unlabeled cases to {output}; classes: {string.Join(", ", d.ClassNamesById())}");
            return 0;
        }
        catch (Exception e) when (e is DicomImportException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            Console.Error.WriteLine($"train import-dicom: {e.Message}");
            return 1;
        }
    }

    private sealed class SyncProgress(Action<(int Done, int Total)> report) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) => report(value);
    }
}
