// The EMA teacher of SPEC 1.3 on a module: parameters only with warm-up, or every state-dict entry.
using PacsSeg.Torch;
using PacsSeg.Torch.NN;
using PacsSeg.Trainer.Schedules;

namespace PacsSeg.Trainer.Training;

/// <summary>Keeps a teacher network as an exponential moving average of the student.</summary>
public sealed class EmaTeacher
{
    private readonly EmaVariant _variant;
    private readonly double _alpha;

    /// <summary>Initialises <paramref name="teacher"/> with the student's state and freezes its parameters.</summary>
    public EmaTeacher(Module student, Module teacher, EmaVariant variant, double alpha)
    {
        ArgumentNullException.ThrowIfNull(student);
        ArgumentNullException.ThrowIfNull(teacher);
        Teacher = teacher;
        _variant = variant;
        _alpha = alpha;
        teacher.LoadStateDict(student.StateDict());
        foreach (var p in teacher.Parameters())
            p.RequiresGrad = false;
    }

    public Module Teacher { get; }

    /// <summary>θ' ← α_t θ' + (1 − α_t) θ after optimiser step <paramref name="step"/> (0-based).</summary>
    public void Update(Module student, int step)
    {
        ArgumentNullException.ThrowIfNull(student);
        double a = EmaCoefficients.Alpha(_variant, _alpha, step);
        using var noGrad = Autograd.NoGrad();
        using var scope = DisposeScope.Enter();
        var source = student.NamedParameters().ToDictionary(p => p.Name, p => p.Tensor, StringComparer.Ordinal);
        var target = Teacher.NamedParameters().ToList();
        if (_variant == EmaVariant.StateDictConstant)
        {
            foreach (var b in student.NamedBuffers())
                source[b.Name] = b.Tensor;
            target.AddRange(Teacher.NamedBuffers());
        }
        foreach (var (name, t) in target)
        {
            var s = source[name];
            if (t.Dtype is ScalarType.Float32 or ScalarType.Float64)
                t.MulInPlace(a).AddInPlace(s, 1 - a);
            else
                t.CopyInPlace(s); // integer counters (num_batches_tracked) follow the student
        }
    }
}
