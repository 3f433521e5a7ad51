// What every Create overload (Greenlet.Create.Arity.cs, generated) ends with: checking the twin made a new greenlet.
namespace Greenlets;

public partial class Greenlet
{
    /// <summary>The greenlet a twin made at a spawn request, checked to be new.</summary>
    private static TGreenlet Created<TGreenlet>(TGreenlet? greenlet)
        where TGreenlet : Greenlet =>
        greenlet is { State: GreenletState.Created }
            ? greenlet
            : throw new ArgumentException("The twin delegate must be the rewritten form of a [Greenlet] method.", "twin");
}
