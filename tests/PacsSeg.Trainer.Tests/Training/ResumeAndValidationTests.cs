using PacsSeg.Torch.Serialization;
using PacsSeg.Trainer.Augmentation;
using PacsSeg.Trainer.Data;
using PacsSeg.Trainer.Phantoms;
using PacsSeg.Trainer.Planning;
using PacsSeg.Trainer.Training;

namespace PacsSeg.Trainer.Tests.Training;

public class ResumeAndValidationTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("pacsseg-resume-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private static TrainingPlan Plan(int iterations) =>
        CardiacPatches.Plan(iterations, batch: 2, seed: 11) with { PatchSize = [16, 16, 1], Widths = [4], ValidationInterval = 2 };

    private static List<ImagePatch> Patches(int first, int count, bool labeled) => CardiacPatches.Make(first, count, labeled, size: 32, crop: null);

    private static Dictionary<string, float[]> Weights(string file)
    {
        var state = SafeTensors.Load(file);
        var result = state.ToDictionary(p => p.Key, p => p.Value.Float().ToArray<float>());
        foreach (var t in state.Values)
            t.Dispose();
        return result;
    }

    [Test]
    public void MeanTeacher_ResumedAtStep3_EndsWithTheSameStudentTeacherAndOptimizerAsAnUninterruptedRun()
    {
        var labeled = Patches(0, 3, labeled: true);
        var unlabeled = Patches(50, 3, labeled: false);
        var method = new MeanTeacher(consistencyStart: 0);

        var straight = RunFolder.Create(_dir, "mean-teacher", "2d", 0);
        var full = new TrainingLoop(Plan(6), method, () => new TinySegNet(4, 4), straight).Run(labeled, unlabeled);

        var interrupted = RunFolder.Create(_dir, "mean-teacher", "2d", 1);
        new TrainingLoop(Plan(6), method, () => new TinySegNet(4, 4), interrupted) { CheckpointInterval = 3 }
            .Run(labeled, unlabeled);
        // Forget everything after step 3, as if the process had died there.
        foreach (var f in Directory.GetFiles(interrupted.CheckpointDirectory, "*000006*"))
            File.Delete(f);
        var resumed = new TrainingLoop(Plan(6), method, () => new TinySegNet(4, 4), interrupted)
        {
            ResumeFrom = Path.Combine(interrupted.CheckpointDirectory, "checkpoint_000003.json"),
        }.Run(labeled, unlabeled);

        Assert.That(resumed.Losses, Has.Count.EqualTo(3));
        Assert.That(resumed.Losses, Is.EqualTo(full.Losses.Skip(3)));
        foreach (string kind in new[] { "student", "teacher", "optimizer" })
        {
            var a = Weights(Path.Combine(straight.CheckpointDirectory, $"{kind}_000006.safetensors"));
            var b = Weights(Path.Combine(interrupted.CheckpointDirectory, $"{kind}_000006.safetensors"));
            Assert.That(b.Keys, Is.EquivalentTo(a.Keys), kind);
            foreach (var (name, values) in a)
                Assert.That(b[name], Is.EqualTo(values), $"{kind} {name}");
        }
        Assert.That(File.ReadAllLines(interrupted.LogFile), Has.Length.EqualTo(7));
    }

    [Test]
    public void Validation_EveryTwoIterations_KeepsTheBestScoringWeights()
    {
        var run = RunFolder.Create(_dir, "supervised", "2d", 0);
        // Scores by call order, highest at the second call (iteration 4), so the best weights are those of step 4.
        double[] scores = [0.2, 0.9, 0.5];
        int calls = 0;
        Dictionary<string, float[]>? atBest = null;
        var loop = new TrainingLoop(Plan(6), new SupervisedOnly(), () => new TinySegNet(4, 4), run)
        {
            Validate = network =>
            {
                Assert.That(network.IsTraining, Is.False);
                if (calls == 1)
                    atBest = network.StateDict().ToDictionary(p => p.Key, p => p.Value.Float().ToArray<float>());
                return scores[calls++];
            },
        };

        var result = loop.Run(Patches(0, 3, labeled: true), []);

        Assert.That(result.Validation.Select(v => v.Iteration), Is.EqualTo(new[] { 2, 4, 6 }));
        Assert.That(result.Best, Is.EqualTo(new ValidationScore(4, 0.9)));
        Assert.That(File.ReadAllLines(run.ValidationFile), Has.Length.EqualTo(3));
        var best = Weights(Path.Combine(run.CheckpointDirectory, TrainingLoop.BestWeightsFile));
        foreach (var (name, values) in atBest!)
            Assert.That(best[name], Is.EqualTo(values), name);
        Assert.That(StageJson.Read<ValidationScore>(Path.Combine(run.CheckpointDirectory, TrainingLoop.BestInfoFile)).Iteration, Is.EqualTo(4));
    }

    [Test]
    public void TwoStageMethod_AtItsRestartPoint_ContinuesFromTheBestValidatedWeights()
    {
        var run = RunFolder.Create(_dir, "supervised", "2d", 0);
        double[] scores = [0.9, 0.1, 0.5];
        int calls = 0;
        Dictionary<string, float[]>? atBest = null;
        var method = new StagedSupervised(restartAt: 4);
        var loop = new TrainingLoop(Plan(6), method, () => new TinySegNet(4, 4), run)
        {
            Validate = network =>
            {
                if (calls == 0)
                    atBest = network.StateDict().ToDictionary(p => p.Key, p => p.Value.Float().ToArray<float>());
                return scores[calls++];
            },
        };

        var result = loop.Run(Patches(0, 3, labeled: true), []);

        Assert.That(method.AtRestart, Is.Not.Null);
        foreach (var (name, values) in atBest!)
            Assert.That(method.AtRestart![name], Is.EqualTo(values), name);
        // Best tracking restarts with the second stage: 0.5 at iteration 6 beats nothing, not 0.9.
        Assert.That(result.Best, Is.EqualTo(new ValidationScore(6, 0.5)));
    }

    /// <summary>Supervised loss with a restart point; records the student's weights when it reaches it.</summary>
    private sealed class StagedSupervised(int restartAt) : ITrainingMethod
    {
        private readonly SupervisedOnly _inner = new();

        public Dictionary<string, float[]>? AtRestart { get; private set; }
        public string Name => "supervised";
        public bool UsesUnlabeled => false;
        public PacsSeg.Trainer.Schedules.EmaVariant? Teacher => null;

        public int? RestartFromBestAt(TrainingPlan plan) => restartAt;

        public StepLoss Loss(StepContext context)
        {
            if (context.Iteration == restartAt)
                AtRestart = context.Student.StateDict().ToDictionary(p => p.Key, p => p.Value.Float().ToArray<float>());
            return _inner.Loss(context);
        }
    }
}
