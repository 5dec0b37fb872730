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
    /// Scores the student (higher is better, e.g. mean validation Dice) every <see cref="TrainingPlan.ValidationInterval"/>
    /// iterations; the best-scoring weights are kept as best_student.safetensors. Null: no validation.
    /// </summary>
    public Func<SegmentationNetwork, double>? Validate { get; init; }

    /// <summary>A checkpoint JSON of this run to continue from (its weights, teacher, optimiser state and step).</summary>
    public string? ResumeFrom { get; init; }

    /// <summary>
    /// Runs <see cref="TrainingPlan.Iterations"/> iterations on normalised patches (labels on the labeled ones).
    /// Every iteration draws its augmentation and libtorch randomness from streams keyed by (seed, iteration),
    /// and the sampler is replayed to the resumed step, so a resumed run repeats an uninterrupted one exactly.
    /// </summary>
    public TrainingResult Run(IReadOnlyList<ImagePatch> labeled, IReadOnlyList<ImagePatch> unlabeled,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(labeled);
        ArgumentNullException.ThrowIfNull(unlabeled);
        if (labeled.Any(p => p.Label is null))
            throw new ArgumentException("Every labeled patch needs its label.", nameof(labeled));
        TorchRuntime.ManualSeed((ulong)_plan.Seed);
        var samplerRandom = DeterministicRandom.ForStream(_plan.Seed, 10);
        StageJson.Write(_run.ConfigFile, new RunConfig(_method.Name, _plan));

        using var student = _method.Build(_network());
        student.Train();
        using var teacherNetwork = _method.Teacher is null ? null : _method.Build(_network());
        var teacher = _method.Teacher is { } variant ? new EmaTeacher(student, teacherNetwork!, variant, _plan.EmaAlpha) : null;
        teacherNetwork?.Train();
        using var optimizer = new Sgd(student.Parameters(), _plan.LearningRate, _plan.Momentum, _plan.WeightDecay);

        var resumed = ResumeFrom is null ? null : Restore(ResumeFrom, student, teacherNetwork, optimizer);
        int start = resumed?.Step ?? 0;
        optimizer.LearningRate = LearningRates.At(_plan.Schedule, _plan.LearningRate, start, _plan.Iterations);
        int? restartAt = _method.RestartFromBestAt(_plan);
        // Resumed after the restart point: a best file from the first stage no longer counts.
        var best = resumed is null ? null : ReadBest();
        if (best is not null && restartAt is int r && start > r && best.Iteration <= r)
            best = null;

        int unlabeledBatch = _method.UsesUnlabeled ? _plan.UnlabeledBatchSize : 0;
        var sampler = new TwoStreamBatchSampler(
            Enumerable.Range(0, labeled.Count).ToArray(),
            Enumerable.Range(0, unlabeled.Count).ToArray(),
            _plan.LabeledBatchSize, unlabeledBatch, samplerRandom);

        var losses = new List<double>(_plan.Iterations);
        var validation = new List<ValidationScore>();
        using var log = OpenLog(start);
        KeepValidationRows(start);
        var clock = Stopwatch.StartNew();
        CheckpointInfo? last = resumed;
        int iteration = start;
        // Skip() replays the sampler's draws for the iterations already done.
        foreach (var batch in sampler.Batches(_plan.Iterations).Skip(start))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (iteration == restartAt && best is not null && iteration > 0)
            {
                LoadInto(state => student.LoadStateDict(state), _run.CheckpointDirectory, BestWeightsFile);
                LoadInto(state => optimizer.LoadStateDict(state), _run.CheckpointDirectory, BestOptimizerFile);
                best = null;
            }
            TorchRuntime.ManualSeed(unchecked((ulong)_plan.Seed * 1_000_003UL + (ulong)iteration));
            var random = DeterministicRandom.ForStream(_plan.Seed, 1000 + iteration);
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
            log.Flush();
            progress?.Report(new TrainingProgress(iteration, _plan.Iterations, loss, optimizer.LearningRate, (iteration - start) / Math.Max(seconds, 1e-9)));
            if (Validate is not null && _plan.ValidationInterval > 0 && (iteration % _plan.ValidationInterval == 0 || iteration == _plan.Iterations))
            {
                var score = new ValidationScore(iteration, RunValidation(student));
                validation.Add(score);
                File.AppendAllText(_run.ValidationFile, string.Create(CultureInfo.InvariantCulture, $"{score.Iteration},{score.Score:G6}\n"));
                if (best is null || score.Score > best.Score)
                {
                    SafeTensors.Save(System.IO.Path.Combine(_run.CheckpointDirectory, BestWeightsFile), student.StateDict());
                    SafeTensors.Save(System.IO.Path.Combine(_run.CheckpointDirectory, BestOptimizerFile), optimizer.StateDict());
                    best = score;
                    StageJson.Write(System.IO.Path.Combine(_run.CheckpointDirectory, BestInfoFile), best);
                }
            }
            if ((CheckpointInterval > 0 && iteration % CheckpointInterval == 0) || iteration == _plan.Iterations)
                last = SaveCheckpoint(student, teacher?.Teacher, optimizer, iteration, loss, labeled.Count, unlabeled.Count);
        }
        log.Dispose();
        CurvePlot.WriteForRun(_run, _plan.Iterations);
        if (last is null)
            throw new InvalidOperationException($"The run has no iterations left (resumed at {start} of {_plan.Iterations}).");
        return new TrainingResult(losses, last, clock.Elapsed.TotalSeconds / Math.Max(1, iteration - start))
        {
            Validation = validation,
            Best = best,
        };
    }

    /// <summary>Weights file of the best validation score in the checkpoints folder.</summary>
    public const string BestWeightsFile = "best_student.safetensors";

    /// <summary>Optimiser state at the best validation score (for methods that continue from it).</summary>
    public const string BestOptimizerFile = "best_optimizer.safetensors";

    /// <summary>JSON (<see cref="ValidationScore"/>) of the best validation score in the checkpoints folder.</summary>
    public const string BestInfoFile = "best.json";

    private double RunValidation(SegmentationNetwork student)
    {
        bool wasTraining = student.IsTraining;
        student.Eval();
        try
        {
            return Validate!(student);
        }
        finally
        {
            student.Train(wasTraining);
        }
    }

    private void KeepValidationRows(int start)
    {
        if (!File.Exists(_run.ValidationFile))
            return;
        var kept = File.ReadLines(_run.ValidationFile).Where(line =>
            int.TryParse(line.AsSpan(0, Math.Max(0, line.IndexOf(',', StringComparison.Ordinal))), NumberStyles.None, CultureInfo.InvariantCulture, out int i) && i <= start).ToList();
        File.WriteAllLines(_run.ValidationFile, kept);
    }

    private ValidationScore? ReadBest()
    {
        string path = System.IO.Path.Combine(_run.CheckpointDirectory, BestInfoFile);
        return File.Exists(path) ? StageJson.Read<ValidationScore>(path) : null;
    }

    /// <summary>The log, truncated to the resumed step so a crash after the last checkpoint leaves no duplicate rows.</summary>
    private StreamWriter OpenLog(int start)
    {
        var kept = new List<string>();
        if (start > 0 && File.Exists(_run.LogFile))
        {
            kept.AddRange(File.ReadLines(_run.LogFile).Skip(1).Where(line =>
                int.TryParse(line.AsSpan(0, Math.Max(0, line.IndexOf(',', StringComparison.Ordinal))), NumberStyles.None, CultureInfo.InvariantCulture, out int i) && i <= start));
        }
        var log = new StreamWriter(_run.LogFile, append: false);
        log.WriteLine("iteration,loss,lr,seconds,terms");
        foreach (string line in kept)
            log.WriteLine(line);
        return log;
    }

    private CheckpointInfo Restore(string checkpointJson, Module student, Module? teacher, Optimizer optimizer)
    {
        var info = StageJson.Read<CheckpointInfo>(checkpointJson);
        if (info.Method != _method.Name || info.Plan != _plan.Name || info.Seed != _plan.Seed)
            throw new ArgumentException($"Checkpoint {checkpointJson} is of {info.Method}/{info.Plan} seed {info.Seed}, not of {_method.Name}/{_plan.Name} seed {_plan.Seed}.");
        if (info.Step < 0 || info.Step > _plan.Iterations)
            throw new ArgumentException($"Checkpoint {checkpointJson} is at step {info.Step}, outside 0..{_plan.Iterations}.");
        string directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(checkpointJson))!;
        LoadInto(state => student.LoadStateDict(state), directory, info.StudentWeights);
        if (teacher is not null)
            LoadInto(state => teacher.LoadStateDict(state), directory, info.TeacherWeights ?? throw new ArgumentException($"Checkpoint {checkpointJson} has no teacher weights."));
        if (info.OptimizerState is not null)
            LoadInto(state => optimizer.LoadStateDict(state), directory, info.OptimizerState);
        return info;
    }

    private static void LoadInto(Action<IReadOnlyDictionary<string, Tensor>> load, string directory, string file)
    {
        if (System.IO.Path.GetFileName(file) != file)
            throw new ArgumentException($"Checkpoint names '{file}', which is not a plain file name.");
        var state = SafeTensors.Load(System.IO.Path.Combine(directory, file));
        try
        {
            load(state);
        }
        finally
        {
            foreach (var t in state.Values)
                t.Dispose();
        }
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

    private CheckpointInfo SaveCheckpoint(Module student, Module? teacher, Optimizer optimizer, int step, double loss, int labeledCount, int unlabeledCount)
    {
        string studentFile = $"student_{step:D6}.safetensors";
        string optimizerFile = $"optimizer_{step:D6}.safetensors";
        SafeTensors.Save(System.IO.Path.Combine(_run.CheckpointDirectory, optimizerFile), optimizer.StateDict());
        string? teacherFile = teacher is null ? null : $"teacher_{step:D6}.safetensors";
        SafeTensors.Save(System.IO.Path.Combine(_run.CheckpointDirectory, studentFile), student.StateDict());
        if (teacher is not null)
            SafeTensors.Save(System.IO.Path.Combine(_run.CheckpointDirectory, teacherFile!), teacher.StateDict());
        var info = new CheckpointInfo(_method.Name, _plan.Name, step, _plan.Seed, labeledCount, unlabeledCount, studentFile, teacherFile, loss, optimizerFile);
        StageJson.Write(System.IO.Path.Combine(_run.CheckpointDirectory, $"checkpoint_{step:D6}.json"), info);
        return info;
    }
}
