using System.CommandLine;
using PacsSeg.Trainer.Phantoms;
using Spectre.Console;

namespace PacsSeg.Trainer.Cli;

/// <summary><c>train phantom OUTPUT</c>: writes a phantom dataset folder.</summary>
public static class PhantomCommand
{
    public static Command Create()
    {
        var output = new Argument<DirectoryInfo>("output") { Description = "New or empty folder for the dataset (nnU-Net layout)." };
        var kind = new Option<PhantomKind>("--kind") { Description = "cardiac2d, cardiac3d or abdominal3d.", DefaultValueFactory = _ => PhantomKind.Cardiac2D };
        var labeled = new Option<int>("--labeled") { Description = "Labeled training cases.", DefaultValueFactory = _ => 8 };
        var unlabeled = new Option<int>("--unlabeled") { Description = "Unlabeled training cases (images without label).", DefaultValueFactory = _ => 72 };
        var test = new Option<int>("--test") { Description = "Test cases (imagesTs + labelsTs).", DefaultValueFactory = _ => 20 };
        var seed = new Option<int>("--seed") { Description = "Seed; the same seed writes the same bytes.", DefaultValueFactory = _ => 1 };
        var size = new Option<int>("--size") { Description = "In-plane size in voxels (0: the kind's default)." };
        var slices = new Option<int>("--slices") { Description = "Slices of a 3D case (0: the kind's default)." };
        var variation = new Option<PhantomVariation>("--variation")
        {
            Description = "standard (one scanner, mid-ventricular 2D slices) or wide (noise, bias, blur, contrast and 2D slice position vary per case; cardiac only).",
            DefaultValueFactory = _ => PhantomVariation.Standard,
        };
        var hide = new Option<bool>("--no-unlabeled-labels") { Description = "Do not keep the unlabeled pool's labels in labelsUnlabeled/." };
        var command = new Command("phantom", "Generate a phantom dataset with a fixed labeled / unlabeled / test split.")
        {
            output, kind, labeled, unlabeled, test, seed, size, slices, variation, hide,
        };
        command.SetAction(parse =>
        {
            var options = new PhantomDatasetOptions
            {
                Kind = parse.GetValue(kind),
                Labeled = parse.GetValue(labeled),
                Unlabeled = parse.GetValue(unlabeled),
                Test = parse.GetValue(test),
                Seed = parse.GetValue(seed),
                Size = parse.GetValue(size),
                Slices = parse.GetValue(slices),
                KeepUnlabeledLabels = !parse.GetValue(hide),
                Variation = parse.GetValue(variation),
            };
            return Run(parse.GetValue(output)!.FullName, options);
        });
        return command;
    }

    public static int Run(string output, PhantomDatasetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask($"phantom {options.Kind}", maxValue: options.Total);
                    PhantomDataset.Write(output, options, new Progress<int>(done => task.Value = done));
                    task.Value = options.Total;
                });
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"train phantom: {e.Message}");
            return 1;
        }
        Console.WriteLine($"wrote {options.Labeled} labeled, {options.Unlabeled} unlabeled and {options.Test} test cases to {output}");
        return 0;
    }
}
