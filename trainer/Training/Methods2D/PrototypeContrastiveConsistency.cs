// SPEC 3: PCCS. Phases: supervised only; then + λ(t)·(MSE between the student's downsampled logits and the
// teacher's prototype prediction + 0.1·entropy regulariser); then + 0.01·prototype contrastive loss over
// SDM distance-layer prototypes of the unlabeled pseudo-labels + 0.3·auxiliary CE of the teacher embeddings
// against Sinkhorn-balanced sub-prototype targets, whose agreeing pixels momentum-update the teacher's
// prototypes ("prototype updating prototype"). SPEC 9: the teacher backbone follows the student by
// parameter EMA (paper) unless TeacherEma is off (released code: random, frozen teacher); standard Dice
// unless CodeFaithfulDice (no factor 2); uncertain prototypes weigh more (code) unless CertainFirst.
// Simplification: the agreement test compares the raw best sub-prototype scores of the student (the
// teacher's class LayerNorm is not applied to them).
using PacsSeg.Segmentation.Networks;
using PacsSeg.Torch;
using PacsSeg.Torch.NN;
using PacsSeg.Trainer.Planning;
using PacsSeg.Trainer.Processing;
using PacsSeg.Trainer.Schedules;

namespace PacsSeg.Trainer.Training.Methods2D;

/// <summary>Prototype contrastive consistency segmentation (PCCS), 2D.</summary>
public sealed class PrototypeContrastiveConsistency : ITrainingMethod
{
    internal const string StudentHeadName = "pccs_student";
    internal const string TeacherHeadName = "pccs_teacher";

    public PrototypeContrastiveConsistency(int subPrototypes = 2, bool teacherEma = true, bool codeFaithfulDice = false, bool certainFirst = false,
        int? warmUpIterations = null, int? prototypeStart = null)
    {
        SubPrototypes = subPrototypes;
        TeacherEma = teacherEma;
        CodeFaithfulDice = codeFaithfulDice;
        CertainFirst = certainFirst;
        WarmUpIterations = warmUpIterations;
        PrototypeStart = prototypeStart;
    }

    public int SubPrototypes { get; }
    public bool TeacherEma { get; }
    public bool CodeFaithfulDice { get; }
    public bool CertainFirst { get; }
    /// <summary>Supervised-only iterations; null: 200 of 15 000 scaled to the plan.</summary>
    public int? WarmUpIterations { get; }
    /// <summary>Iteration the prototype losses start; null: 500 of 15 000 scaled to the plan.</summary>
    public int? PrototypeStart { get; }
    public double ConsistencyMax { get; init; } = 0.01;
    public double ConsistencyRampLength { get; init; } = 1000;
    public double ContrastWeight { get; init; } = 0.01;
    public double AuxiliaryWeight { get; init; } = 0.3;
    public double Momentum { get; init; } = 0.999;

    /// <summary>"pccs" (SPEC 9: teacher EMA on, standard Dice), "pccs-code" (the released code: frozen random teacher, Dice without the factor 2), else "pccs-custom".</summary>
    public string Name => (TeacherEma, CodeFaithfulDice) switch { (true, false) => "pccs", (false, true) => "pccs-code", _ => "pccs-custom" };
    public bool UsesUnlabeled => true;
    public EmaVariant? Teacher => TeacherEma ? EmaVariant.ParametersWithWarmUp : EmaVariant.Snapshot;

    public SegmentationNetwork Build(SegmentationNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        // The heads read e1, e2 and e3 of the UNet encoder concatenated (224 channels for both PCCS and SSL4MIS widths).
        long channels = network is UNet2D unet ? unet.Widths[1] + unet.Widths[2] + unet.Widths[3] : 224;
        return new NetworkWithHeads(network, new Dictionary<string, Module>
        {
            [StudentHeadName] = new PccsStudentHead(channels, network.Classes, SubPrototypes),
            [TeacherHeadName] = new PccsTeacherHead(channels, network.Classes, SubPrototypes),
        });
    }

    public int WarmUp(TrainingPlan plan) => WarmUpIterations ?? (int)Math.Round(plan.Iterations * 200.0 / 15000);

    public int PrototypesFrom(TrainingPlan plan) => PrototypeStart ?? (int)Math.Round(plan.Iterations * 500.0 / 15000);

    /// <summary>Per class 1 − Σpg/(Σp² + Σg² + 1e-10) (the released code, no factor 2), mean over classes.</summary>
    public static Tensor DiceWithoutFactorTwo(Tensor probabilities, Tensor target, int classes)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(target);
        var oneHot = target.OneHot(classes).Permute(0, 3, 1, 2).Float();
        long[] dims = [0, 2, 3];
        var intersection = probabilities.Mul(oneHot).Sum(dims);
        var denominator = probabilities.Square().Sum(dims).Add(oneHot.Sum(dims)).Add(1e-10);
        return intersection.Div(denominator).Neg().Add(1).Mean();
    }

    /// <summary>Entropy map −Σ p ln(p + 1e-10) of softmax(<paramref name="logits"/>) over dim 1.</summary>
    public static Tensor EntropyMap(Tensor logits)
    {
        var p = Functional.Softmax(logits, 1);
        return p.Mul(p.Add(1e-10).Log()).Sum([1]).Neg();
    }

    public StepLoss Loss(StepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Teacher is not NetworkWithHeads teacher || context.UnlabeledImages is null || context.Student is not NetworkWithHeads student)
            throw new InvalidOperationException("PCCS needs student and teacher with PCCS heads, and unlabeled images.");
        if (context.Plan.Dimensionality != 2)
            throw new InvalidOperationException("PCCS is a 2D method.");
        int classes = context.Plan.ClassCount;
        long labeled = context.LabeledImages.Size(0);
        var output = student.Forward(Tensor.Cat([context.LabeledImages, context.UnlabeledImages], 0));
        var labeledLogits = output.Logits.Narrow(0, 0, labeled);
        var supervised = CodeFaithfulDice
            ? SegmentationLosses.CrossEntropy(labeledLogits, context.Labels).Add(DiceWithoutFactorTwo(Functional.Softmax(labeledLogits, 1), context.Labels, classes)).Mul(0.5)
            : SegmentationLosses.Supervised(labeledLogits, context.Labels, classes);
        var terms = new Dictionary<string, double> { ["sup"] = supervised.Item() };
        if (context.Iteration < WarmUp(context.Plan))
            return new StepLoss(supervised, terms);

        var teacherHead = teacher.Head<PccsTeacherHead>(TeacherHeadName);
        Tensor teacherEmbedding, teacherScores;
        using (Autograd.NoGrad())
        {
            var teacherOut = teacher.Backbone.Forward(Tensor.Cat([context.LabeledImages, context.UnlabeledImages], 0));
            (teacherEmbedding, _, teacherScores) = teacherHead.Forward(teacherOut.EncoderFeatures);
        }
        long[] small = teacherScores.Shape[2..];
        var down = Functional.Interpolate(output.Logits, small, null, InterpolationMode.Linear, alignCorners: true);
        long unlabeled = down.Size(0) - labeled;
        var uncertaintyTerm = EntropyMap(down).Square().Sum().Sqrt().Add(EntropyMap(teacherScores).Square().Sum().Sqrt()).Mul(0.5);
        var consistency = Functional.MseLoss(down.Narrow(0, 0, labeled), teacherScores.Narrow(0, 0, labeled))
            .Add(Functional.MseLoss(down.Narrow(0, labeled, unlabeled), teacherScores.Narrow(0, labeled, unlabeled)))
            .Add(uncertaintyTerm.Mul(0.1));
        double lambda = Ramps.ConsistencyWeight(context.Iteration, ConsistencyMax, ConsistencyRampLength);
        var total = supervised.Add(consistency.Mul(lambda));
        terms["con"] = consistency.Item();
        terms["lambda"] = lambda;
        if (context.Iteration < PrototypesFrom(context.Plan))
            return new StepLoss(total, terms);

        var (studentEmbedding, studentScores) = student.Head<PccsStudentHead>(StudentHeadName).Forward(output.EncoderFeatures);
        var contrast = ContrastOnUnlabeled(context, down.Narrow(0, labeled, unlabeled), studentEmbedding.Narrow(0, labeled, unlabeled), classes, out var boundaryPrototypes);
        var auxiliary = AuxiliaryAndUpdate(student, teacherHead, teacherEmbedding.Narrow(0, labeled, unlabeled), teacherScores.Narrow(0, labeled, unlabeled),
            studentScores.Narrow(0, labeled, unlabeled), boundaryPrototypes, classes, context);
        total = total.Add(contrast.Mul(ContrastWeight)).Add(auxiliary.Mul(AuxiliaryWeight));
        terms["ctr"] = contrast.Item();
        terms["aux"] = auxiliary.Item();
        return new StepLoss(total, terms);
    }

    /// <summary>SDM prototypes of the unlabeled images and their contrastive loss; also returns the detached unit
    /// prototypes per class for the teacher's prototype mixing.</summary>
    private Tensor ContrastOnUnlabeled(StepContext context, Tensor downLogits, Tensor embedding, int classes, out List<float[]>[] perClass)
    {
        long b = embedding.Size(0), d = embedding.Size(1), h = embedding.Size(2), w = embedding.Size(3);
        int plane = (int)(h * w);
        var probabilities = Functional.Softmax(downLogits.Detach(), 1);
        var p = probabilities.ToArray<float>();
        var labels = probabilities.ArgMax(1).ToArray<long>();
        var entropy = EntropyMap(downLogits.Detach()).ToArray<float>();
        double threshold = (0.25 + 0.25 * Ramps.Sigmoid(context.Iteration, context.Plan.Iterations)) * Math.Log(2.7);
        var regions = new List<PrototypeRegion>();
        for (int i = 0; i < b; i++)
        {
            var map = labels.AsSpan(i * plane, plane).ToArray();
            var uncertain = entropy.AsSpan(i * plane, plane).ToArray().Select(u => u > threshold).ToArray();
            regions.AddRange(PccsPrototypeLoss.Regions(i, map, uncertain, (int)w, (int)h, classes));
        }
        bool fallback = regions.Count == 0;
        if (fallback)
        {
            for (int i = 0; i < b; i++)
            {
                for (int c = 0; c < classes; c++)
                    regions.Add(new PrototypeRegion(i, c, Enumerable.Range(0, plane).Where(n => labels[i * plane + n] == c).ToArray()));
            }
        }
        regions = [.. regions.OrderBy(r => r.Class)]; // class-major (stable: image order kept within a class)
        var weights = new float[b * plane * regions.Count];
        var mean = new float[regions.Count, classes];
        for (int r = 0; r < regions.Count; r++)
        {
            var region = regions[r];
            foreach (int n in region.Pixels)
            {
                weights[(region.Image * plane + n) * regions.Count + r] = 1f / Math.Max(1, region.Pixels.Length);
                for (int c = 0; c < classes; c++)
                    mean[r, c] += p[(region.Image * classes + c) * plane + n];
            }
            for (int c = 0; c < classes; c++)
                mean[r, c] = fallback ? mean[r, c] / plane : mean[r, c] / Math.Max(1, region.Pixels.Length);
        }
        // [d, B·h·w] x [B·h·w, R] -> region means [d, R]
        var flat = embedding.Permute(1, 0, 2, 3).Reshape(d, b * plane);
        var prototypes = Functional.Normalize(flat.MatMul(Tensor.FromArray(weights, b * plane, regions.Count)).Transpose(0, 1), 2, 1);
        var unit = prototypes.Detach().ToArray<float>();
        perClass = new List<float[]>[classes];
        for (int c = 0; c < classes; c++)
            perClass[c] = [];
        for (int r = 0; r < regions.Count; r++)
            perClass[regions[r].Class].Add(unit.AsSpan(r * (int)d, (int)d).ToArray());
        return PccsPrototypeLoss.Contrastive(prototypes, regions.Select(r => r.Class).ToList(), mean, 0.05, CertainFirst);
    }

    /// <summary>SPEC 3.7 on the unlabeled images: Sinkhorn targets, the auxiliary CE through the student's
    /// prototype classifier, and the momentum update of the teacher's prototypes (written to both networks so
    /// the EMA leaves them as they are).</summary>
    private Tensor AuxiliaryAndUpdate(NetworkWithHeads student, PccsTeacherHead teacherHead, Tensor teacherEmbedding, Tensor teacherScores,
        Tensor studentScores, List<float[]>[] boundaryPrototypes, int classes, StepContext context)
    {
        int k = SubPrototypes;
        long b = teacherEmbedding.Size(0), d = teacherEmbedding.Size(1), h = teacherEmbedding.Size(2), w = teacherEmbedding.Size(3);
        int plane = (int)(h * w), pixels = (int)(b * plane);
        var ft = teacherEmbedding.Permute(0, 2, 3, 1).Reshape(pixels, d); // [P, d]
        var features = ft.ToArray<float>();
        var teacherLabel = teacherScores.ArgMax(1).Reshape(pixels).ToArray<long>();
        var scores = studentScores.Detach().Permute(0, 2, 3, 1).Reshape(pixels, classes * k).ToArray<float>();
        var random = DeterministicRandom.ForStream(context.Plan.Seed, 5_000_000 + context.Iteration);
        var target = new long[pixels];
        var prototypes = teacherHead.Prototypes.Detach().Contiguous().ToArray<float>(); // [C, K, d]
        for (int c = 0; c < classes; c++)
        {
            var members = Enumerable.Range(0, pixels).Where(i => teacherLabel[i] == c).ToArray();
            if (members.Length == 0)
                continue;
            var s = new double[members.Length, k];
            for (int i = 0; i < members.Length; i++)
            {
                for (int j = 0; j < k; j++)
                    s[i, j] = scores[members[i] * classes * k + c * k + j];
            }
            var q = PccsSinkhorn.Balance(s);
            var sums = new double[k, d];
            var counts = new int[k];
            for (int i = 0; i < members.Length; i++)
            {
                int best = 0, noisy = 0;
                double bestNoisy = double.NegativeInfinity;
                for (int j = 0; j < k; j++)
                {
                    if (q[i, j] > q[i, best])
                        best = j;
                    double g = (q[i, j] - Math.Log(-Math.Log(Math.Max(random.NextDouble(), 1e-12)))) / 0.5; // hard Gumbel-softmax
                    if (g > bestNoisy)
                    {
                        bestNoisy = g;
                        noisy = j;
                    }
                }
                int pixel = members[i];
                target[pixel] = c * k + best;
                int studentClass = ArgMaxOverClasses(scores, pixel, classes, k);
                if (studentClass != c)
                    continue;
                counts[noisy]++;
                for (int e = 0; e < d; e++)
                    sums[noisy, e] += features[pixel * d + e];
            }
            for (int j = 0; j < k; j++)
            {
                if (counts[j] == 0)
                    continue;
                double norm = Math.Sqrt(Enumerable.Range(0, (int)d).Sum(e => sums[j, e] * sums[j, e]));
                if (norm <= 0)
                    continue;
                for (int e = 0; e < d; e++)
                {
                    int at = (c * k + j) * (int)d + e;
                    prototypes[at] = (float)(Momentum * prototypes[at] + (1 - Momentum) * sums[j, e] / norm);
                }
            }
        }
        MixBoundaryPrototypes(prototypes, boundaryPrototypes, classes, k, (int)d);
        using (Autograd.NoGrad())
        {
            using var updated = PacsSeg.Torch.NN.Functional.Normalize(Tensor.FromArray(prototypes, classes, k, d), 2, 2);
            teacherHead.Prototypes.CopyInPlace(updated);
            student.Head<PccsTeacherHead>(TeacherHeadName).Prototypes.CopyInPlace(updated);
        }
        // Auxiliary logits o = F_t · W_sᵀ through the student's prototype classifier (bias ignored).
        var classifier = student.Head<PccsStudentHead>(StudentHeadName).NamedParameters()
            .First(p => p.Name == "proto_classifier.weight").Tensor.Reshape(classes * k, d);
        var logits = ft.MatMul(classifier.Transpose(0, 1));
        return Functional.CrossEntropy(logits, Tensor.FromArray(target, pixels));
    }

    private static int ArgMaxOverClasses(float[] scores, int pixel, int classes, int k)
    {
        int best = 0;
        double bestScore = double.NegativeInfinity;
        for (int c = 0; c < classes; c++)
        {
            for (int j = 0; j < k; j++)
            {
                double v = scores[pixel * classes * k + c * k + j];
                if (v > bestScore)
                {
                    bestScore = v;
                    best = c;
                }
            }
        }
        return best;
    }

    /// <summary>P ← 0.999 P + 0.001 B with B the SDM prototypes of each class grouped into K consecutive blocks
    /// (class mean repeated when fewer than K, zeros when none).</summary>
    private void MixBoundaryPrototypes(float[] prototypes, List<float[]>[] perClass, int classes, int k, int d)
    {
        for (int c = 0; c < classes; c++)
        {
            var list = perClass[c];
            for (int j = 0; j < k; j++)
            {
                var group = new double[d];
                if (list.Count >= k)
                {
                    int size = list.Count / k;
                    for (int m = j * size; m < (j + 1) * size; m++)
                    {
                        for (int e = 0; e < d; e++)
                            group[e] += list[m][e] / size;
                    }
                }
                else if (list.Count > 0)
                {
                    foreach (var v in list)
                    {
                        for (int e = 0; e < d; e++)
                            group[e] += v[e] / list.Count;
                    }
                }
                for (int e = 0; e < d; e++)
                {
                    int at = (c * k + j) * d + e;
                    prototypes[at] = (float)(Momentum * prototypes[at] + (1 - Momentum) * group[e]);
                }
            }
        }
    }
}
