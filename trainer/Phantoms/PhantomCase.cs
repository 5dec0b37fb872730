using PacsSeg.Imaging;

namespace PacsSeg.Trainer.Phantoms;

/// <summary>One generated case: an image and its label map on the same grid.</summary>
public sealed record PhantomCase(string Name, Volume<float> Image, Volume<byte> Label);
