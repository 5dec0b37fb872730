// One small phantom and one headless renderer shared by a test class (context creation and upload
// are the slow part; frames of 128x128 at 64^3 take milliseconds).
using PacsSeg.Engine.Camera;
using PacsSeg.Engine.Rendering;
using PacsSeg.Engine.Scene;

namespace PacsSeg.Engine.Tests;

internal sealed class PhantomFixture : IDisposable
{
    public const int Size = 128;

    public PhantomFixture(int voxels = 64, Imaging.Geometry.Vec3? spacingRatio = null, Imaging.Geometry.Mat3? direction = null, int? slices = null)
    {
        Phantom = new Phantom();
        Scene = Phantom.Build(Phantom.Grid(voxels, spacingRatio, direction, slices));
        Renderer = new HeadlessRenderer(Scene);
    }

    public Phantom Phantom { get; }
    public ViewerScene Scene { get; }
    public HeadlessRenderer Renderer { get; }

    public ViewState State(ViewDirection view = ViewDirection.Anterior) => new(Scene, view);

    public Image Render(ViewState state, int width = Size, int height = Size) =>
        new(Renderer.Render(state, width, height), width, height);

    public void Dispose() => Renderer.Dispose();
}
