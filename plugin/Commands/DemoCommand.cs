// `PacsSeg.Plugin demo`: the whole job on one machine. A phantom CT study goes into a private Orthanc,
// Orthanc routes it to the plugin, the plugin sends a SEG and an uncertainty Parametric Map back, and the
// result is scored and rendered. Prints a table of timings per stage; exit 0 on success, 1 on failure.
using System.CommandLine;
using System.Globalization;
using PacsSeg.Plugin.Demo;
using Spectre.Console;

namespace PacsSeg.Plugin.Commands;

internal static class DemoCommand
{
    public static Command Create()
    {
        var size = new Option<int>("--size") { Description = "In-plane size of the phantom CT in voxels.", DefaultValueFactory = _ => 256 };
        var slices = new Option<int>("--slices") { Description = "Slices of the phantom CT.", DefaultValueFactory = _ => 128 };
        var seed = new Option<int>("--seed") { Description = "Seed of the phantom case.", DefaultValueFactory = _ => 2026 };
        var output = new Option<string>("--output") { Description = "Folder for demo.png and the SEG / Parametric Map fetched back.", DefaultValueFactory = _ => "demo-output" };
        var noRender = new Option<bool>("--no-render") { Description = "Skip the rendered PNG." };
        var keep = new Option<bool>("--keep") { Description = "Keep the working folder (phantom, Orthanc storage, plugin data)." };
        var orthanc = new Option<string?>("--orthanc") { Description = "Orthanc executable (default: Orthanc on PATH, else /usr/sbin/Orthanc)." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the results in Orthanc.", DefaultValueFactory = _ => 600 };
        var command = new Command("demo", "Phantom CT study -> Orthanc -> plugin -> SEG and uncertainty map back in Orthanc, then a rendered PNG.")
        {
            size, slices, seed, output, noRender, keep, orthanc, timeout,
        };
        command.SetAction((parse, ct) => RunAsync(new DemoOptions
        {
            Size = parse.GetValue(size),
            Slices = parse.GetValue(slices),
            Seed = parse.GetValue(seed),
            OutputFolder = parse.GetValue(output)!,
            Render = !parse.GetValue(noRender),
            KeepWorkFolder = parse.GetValue(keep),
            Timeout = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(timeout))),
        }, parse.GetValue(orthanc), ct));
        return command;
    }

    private static readonly Dictionary<string, string> StageText = new(StringComparer.Ordinal)
    {
        ["phantom"] = "making the phantom CT study (trainer)",
        ["start"] = "starting the plugin and a private Orthanc",
        ["upload"] = "uploading the study to Orthanc",
        ["wait"] = "Orthanc routes the stable study; the plugin segments it and sends the results back",
        ["fetch"] = "fetching the SEG and the Parametric Map from Orthanc",
        ["render"] = "rendering the result headless (viewer)",
    };

    private static async Task<int> RunAsync(DemoOptions options, string? orthanc, CancellationToken cancellationToken)
    {
        DemoReport report;
        try
        {
            var tools = DemoTools.Locate(orthanc);
            AnsiConsole.MarkupLine($"[bold]PacsSeg demo[/]: model [blue]{Markup.Escape(DemoRunner.ModelName(tools.ModelsFolder))}[/] from {Markup.Escape(tools.ModelsFolder)}");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            string? current = null;
            // Each finished stage gets a line with its time, so a failure still shows how far it got.
            void Finish()
            {
                if (current is not null)
                    AnsiConsole.MarkupLine($"  [green]done[/] {Markup.Escape(StageText.GetValueOrDefault(current, current))} ({clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s)");
                clock.Restart();
            }
            report = await AnsiConsole.Status().Spinner(Spinner.Known.Dots).StartAsync("starting", async status =>
            {
                var runner = new DemoRunner(tools, options)
                {
                    Stage = stage =>
                    {
                        Finish();
                        current = stage;
                        status.Status(Markup.Escape(StageText.GetValueOrDefault(stage, stage)) + " ...");
                    },
                };
                var result = await runner.RunAsync(cancellationToken).ConfigureAwait(false);
                Finish();
                return result;
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            AnsiConsole.MarkupLine("[yellow]demo cancelled; everything it started has been stopped.[/]");
            return 130;
        }
        catch (DemoException e)
        {
            AnsiConsole.MarkupLine($"[red]demo failed:[/] {Markup.Escape(e.Message)}");
            return 1;
        }
        catch (Exception e) when (e is IOException or HttpRequestException or UnauthorizedAccessException or InvalidOperationException
            or Microsoft.Extensions.Options.OptionsValidationException or PacsSeg.Dicom.DicomDataException or PacsSeg.Imaging.IO.Nifti.NiftiFormatException)
        {
            AnsiConsole.MarkupLine($"[red]demo failed:[/] {Markup.Escape(e.GetType().Name + ": " + e.Message)}");
            return 1;
        }
        Print(report);
        if (report.SegmentationFile is null)
        {
            AnsiConsole.MarkupLine("[red]demo incomplete:[/] the pipeline ran and the uncertainty map is in Orthanc, but the model found no organ, so there is no SEG.");
            return 1;
        }
        AnsiConsole.MarkupLine("[green]demo finished: the SEG and the uncertainty map are stored in Orthanc.[/]");
        return 0;
    }

    private static void Print(DemoReport report)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]PacsSeg demo[/]")
            .AddColumn("stage").AddColumn(new TableColumn("seconds").RightAligned()).AddColumn("");
        foreach (var s in report.Stages)
            table.AddRow(new Text(s.Name), new Text(s.Seconds.ToString("0.00", CultureInfo.InvariantCulture)), new Text(s.Note));
        AnsiConsole.Write(table);
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("Study", Markup.Escape($"{report.StudyInstanceUid} ({report.Instances} CT instances)"));
        grid.AddRow("Model", Markup.Escape(report.ModelName));
        grid.AddRow("Last instance -> SEG + map in Orthanc", Markup.Escape(report.ArrivalToResultsSeconds.ToString("0.0 s", CultureInfo.InvariantCulture)));
        grid.AddRow("Organ Dice vs phantom label", Markup.Escape(report.Dice.ToString("0.000", CultureInfo.InvariantCulture)));
        if (report.SummaryJson is { } summary)
            grid.AddRow("Plugin summary", Markup.Escape(summary));
        grid.AddRow("SEG", Markup.Escape(report.SegmentationFile ?? "none (the model found no organ)"));
        grid.AddRow("Parametric Map", Markup.Escape(report.ParametricMapFile));
        if (report.Png is { } png)
            grid.AddRow("Picture", Markup.Escape(png));
        AnsiConsole.Write(grid);
    }
}
