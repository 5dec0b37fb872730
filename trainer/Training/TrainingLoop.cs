// The one training loop (nnU-Net/MONAI style): the method supplies the loss, the loop does sampling,
// augmentation, the optimiser and its schedule, the EMA teacher, the log and the checkpoints.
using System.Diagnostics;
using System.Globalization;
using PacsSeg.Segmentation.Networks;
using PacsSeg.Torch;
using PacsSeg.Torch.NN;
using PacsSeg.Torch.Optim;
using PacsSeg.Torch.Serialization;
using PacsSeg.Trainer.Augmentation;
using PacsSeg.Trainer.Data;
using PacsSeg.Trainer.Planning;
using PacsSeg.Trainer.Processing;
using PacsSeg.Trainer.Sampling;
using PacsSeg.Trainer.Schedules;

namespace PacsSeg.Trainer.Training;

/// <summary>Trains a student network with one <see cref="ITrainingMethod"/> under a <see cref="TrainingPlan"/>.</summary>
public sealed class TrainingLoop
{
    private readonly TrainingPlan _plan;
    private readonly ITrainingMethod _method;
    private readonly Func<SegmentationNetwork> _network;
    private readonly RunFolder _run;

    /// <param name="network">Creates a fresh network (called for the student and, when needed, the teacher).</param>
    public TrainingLoop(TrainingPlan plan, ITrainingMethod method, Func<SegmentationNetwork> network, RunFolder run)
    {
        _plan = plan ?? throw new ArgumentNullException(nameof(plan));
        _method = method ?? throw new ArgumentNullException(nameof(method));
        _network = network ?? throw new ArgumentNullException(nameof(network));
        _run = run ?? throw new ArgumentNullException(nameof(run));
    }

    /// <summary>Checkpoint every this many iterations (0: only at the end).</summary>
    public int CheckpointInterval { get; init; }

    /// <summary>
    /// Runs <see cref="TrainingPlan.Iterations"/> iterations on normalised patches (labels on the labeled ones).
    /// </summary>
    public TrainingResult Run(IReadOnlyList<ImagePatch> labeled, IReadOnlyList<ImagePatch> unlabeled,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(labeled);
        ArgumentNullException.ThrowIfNull(unlabeled);
        if (labeled.Any(p => p.Label is null))
            throw new ArgumentException("Every labeled patch needs its label.", nameof(labeled));
        TorchRuntime.ManualSeed((ulong)_plan.Seed);
        var random = DeterministicRandom.ForStream(_plan.Seed, 10);
        StageJson.Write(_run.ConfigFile, new RunConfig(_method.Name, _plan));

        using var student = _network();
        student.Train();
        using var teacherNetwork = _method.Teacher is null ? null : _network();
        var teacher = _method.Teacher is { } variant ? new EmaTeacher(student, teacherNetwork!, variant, _plan.EmaAlpha) : null;
        teacherNetwork?.Train();
        using var optimizer = new Sgd(student.Parameters(), _plan.LearningRate, _plan.Momentum, _plan.WeightDecay);

        int unlabeledBatch = _method.UsesUnlabeled ? _plan.UnlabeledBatchSize : 0;
        var sampler = new TwoStreamBatchSampler(
            Enumerable.Range(0, labeled.Count).ToArray(),
            Enumerable.Range(0, unlabeled.Count).ToArray(),
            _plan.LabeledBatchSize, unlabeledBatch, random);

        var losses = new List<double>(_plan.Iterations);
        using var log = new StreamWriter(_run.LogFile, append: false);
        log.WriteLine("iteration,loss,lr,seconds,terms");
        var clock = Stopwatch.StartNew();
        CheckpointInfo? last = null;
        int iteration = 0;
        foreach (var batch in sampler.Batches(_plan.Iterations))
        {
            cancellationToken.ThrowIfCancellationRequested();
            double loss;
            IReadOnlyDictionary<string, double> terms;
            using (DisposeScope.Enter())
            {
                var labeledPatches = batch.Take(_plan.LabeledBatchSize).Select(i => Augment(labeled[i], random)).ToList();
                var unlabeledPatches = batch.Skip(_plan.LabeledBatchSize).Select(i => Augment(unlabeled[i], random)).ToList();
                var context = new StepContext(
                    student, teacherNetwork,
                    Images(labeledPatches), Labels(labeledPatches),
                    unlabeledPatches.Count > 0 ? Images(unlabeledPatches) : null,
                    iteration, _plan);
                var step = _method.Loss(context);
                optimizer.ZeroGrad();
                step.Total.Backward();
                optimizer.Step();
                loss = step.Total.Item();
                terms = step.Terms;
            }
            teacher?.Update(student, iteration);
            iteration++;
            optimizer.LearningRate = LearningRates.At(_plan.Schedule, _plan.LearningRate, iteration, _plan.Iterations);
            losses.Add(loss);
            double seconds = clock.Elapsed.TotalSeconds;
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{iteration},{loss:G6},{optimizer.LearningRate:G6},{seconds:F3},{string.Join(';', terms.Select(t => $"{t.Key}={t.Value:G6}"))}"));
            progress?.Report(new TrainingProgress(iteration, _plan.Iterations, loss, optimizer.LearningRate, iteration / Math.Max(seconds, 1e-9)));
            if ((CheckpointInterval > 0 && iteration % CheckpointInterval == 0) || iteration == _plan.Iterations)
                last = SaveCheckpoint(student, teacher?.Teacher, iteration, loss, labeled.Count, unlabeled.Count);
        }
        return new TrainingResult(losses, last!, clock.Elapsed.TotalSeconds / Math.Max(1, iteration));
    }

    private ImagePatch Augment(ImagePatch patch, DeterministicRandom random)
    {
        var p = _plan.PatchSize;
        return _plan.Dimensionality == 2
            ? WeakAugmentation.TwoD(patch, p[0], p[1], random)
            : WeakAugmentation.ThreeD(patch, p[0], p[1], p[2], random);
    }

    private long[] Shape(int batch, bool withChannel)
    {
        var p = _plan.PatchSize;
        var spatial = _plan.Dimensionality == 2 ? new long[] { p[1], p[0] } : [p[2], p[1], p[0]];
        return withChannel ? [batch, 1, .. spatial] : [batch, .. spatial];
    }

    private Tensor Images(IReadOnlyList<ImagePatch> patches)
    {
        int count = patches[0].Count;
        var data = new float[patches.Count * count];
        for (int b = 0; b < patches.Count; b++)
            patches[b].Image.CopyTo(data, b * count);
        return Tensor.FromArray(data, Shape(patches.Count, withChannel: true));
    }

    private Tensor Labels(IReadOnlyList<ImagePatch> patches)
    {
        int count = patches[0].Count;
        var data = new long[patches.Count * count];
        for (int b = 0; b < patches.Count; b++)
        {
            var label = patches[b].Label!;
            for (int n = 0; n < count; n++)
                data[b * count + n] = label[n];
        }
        return Tensor.FromArray(data, Shape(patches.Count, withChannel: false));
    }

    private CheckpointInfo SaveCheckpoint(Module student, Module? teacher, int step, double loss, int labeledCount, int unlabeledCount)
    {
        string studentFile = $"student_{step:D6}.safetensors";
        string? teacherFile = teacher is null ? null : $"teacher_{step:D6}.safetensors";
        SafeTensors.Save(System.IO.Path.Combine(_run.CheckpointDirectory, studentFile), student.StateDict());
        if (teacher is not null)
            SafeTensors.Save(System.IO.Path.Combine(_run.CheckpointDirectory, teacherFile!), teacher.StateDict());
        var info = new CheckpointInfo(_method.Name, _plan.Name, step, _plan.Seed, labeledCount, unlabeledCount, studentFile, teacherFile, loss);
        StageJson.Write(System.IO.Path.Combine(_run.CheckpointDirectory, $"checkpoint_{step:D6}.json"), info);
        return info;
    }
}
