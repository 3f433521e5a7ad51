namespace Greenlets.Engineering;

/// <summary>
/// One overload's shape: how many arguments the function takes, and whether it returns a value (<c>Func</c>) or not
/// (<c>Action</c>). Every piece of C# that differs from one overload to the next is spelled here, once.
/// </summary>
internal sealed record Arity(int Count, bool ReturnsValue)
{
    private static readonly string[] s_ordinals = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"];

    /// <summary>Every overload of a family: 0 to <paramref name="max"/> arguments, the value-returning form first at each count.</summary>
    public static IEnumerable<Arity> All(int max) =>
        Enumerable.Range(0, max + 1).SelectMany(count => new[] { new Arity(count, true), new Arity(count, false) });

    /// <summary><c>T1, T2</c>: the argument type parameters.</summary>
    public IEnumerable<string> ArgumentTypes => Enumerable.Range(1, Count).Select(i => $"T{i}");

    /// <summary><c>arg1, arg2</c>.</summary>
    public IEnumerable<string> ArgumentNames => Enumerable.Range(1, Count).Select(i => $"arg{i}");

    /// <summary><c>&lt;T1, TResult&gt;</c>, or nothing for an action of no arguments.</summary>
    public string TypeParameters => Angle(ReturnsValue ? ArgumentTypes.Append("TResult") : ArgumentTypes);

    /// <summary><c>function</c> or <c>action</c>: the delegate parameter's name.</summary>
    public string Callee => ReturnsValue ? "function" : "action";

    /// <summary><c>Func&lt;T1, TResult&gt;</c> or <c>Action&lt;T1&gt;</c>.</summary>
    public string Delegate => ReturnsValue ? $"Func{TypeParameters}" : $"Action{TypeParameters}";

    /// <summary><c>Func&lt;T1, GreenTask&lt;TResult&gt;&gt;</c>: the delegate type of the rewritten method.</summary>
    public string TwinDelegate => $"Func{Angle(ArgumentTypes.Append(Task))}";

    /// <summary><c>GreenTask&lt;TResult&gt;</c> or <c>GreenTask</c>.</summary>
    public string Task => ReturnsValue ? "GreenTask<TResult>" : "GreenTask";

    /// <summary><c>Greenlet&lt;TResult&gt;</c> or <c>Greenlet</c>.</summary>
    public string Greenlet => ReturnsValue ? "Greenlet<TResult>" : "Greenlet";

    /// <summary><c>T1 arg1, T2 arg2</c>, after the delegate.</summary>
    public IEnumerable<string> ArgumentParameters => ArgumentTypes.Zip(ArgumentNames, (type, name) => $"{type} {name}");

    /// <summary><c>arg1, arg2</c> as one list.</summary>
    public string Arguments => string.Join(", ", ArgumentNames);

    /// <summary><c>, arg1, arg2</c>: the arguments after a first one, or nothing.</summary>
    public string TrailingArguments => Count == 0 ? "" : ", " + Arguments;

    /// <summary>The XML doc lines for the type parameters.</summary>
    public IEnumerable<string> TypeParameterDocs =>
        ArgumentTypes.Select((type, i) => $"<typeparam name=\"{type}\">The type of the {s_ordinals[i]} argument.</typeparam>")
            .Concat(ReturnsValue ? ["<typeparam name=\"TResult\">The function's return type.</typeparam>"] : []);

    /// <summary>The XML doc lines for the arguments.</summary>
    public IEnumerable<string> ArgumentDocs =>
        ArgumentNames.Select((name, i) => $"<param name=\"{name}\">The {s_ordinals[i]} argument.</param>");

    /// <summary>
    /// <c>Spawn{T1, TResult}(double, Func{T1, TResult}, T1)</c>: a cref to the overload of <paramref name="name"/> of this
    /// shape, whose parameters are <paramref name="leading"/>, the delegate (its twin's type when <paramref name="twin"/>),
    /// the arguments, then <paramref name="trailing"/>.
    /// </summary>
    public string Cref(string name, bool twin = false, string[]? leading = null, string[]? trailing = null)
    {
        var parameters = (leading ?? []).Append(twin ? TwinDelegate : Delegate).Concat(ArgumentTypes).Concat(trailing ?? []);
        return (name + TypeParameters + "(" + string.Join(", ", parameters) + ")").Replace('<', '{').Replace('>', '}');
    }

    /// <summary>A parameter list: <paramref name="leading"/>, <paramref name="delegateParameter"/>, the arguments, <paramref name="trailing"/>.</summary>
    public string Parameters(string delegateParameter, string? leading = null, string? trailing = null)
    {
        IEnumerable<string> all = [delegateParameter, .. ArgumentParameters];
        if (leading is not null)
        {
            all = all.Prepend(leading);
        }

        if (trailing is not null)
        {
            all = all.Append(trailing);
        }

        return string.Join(", ", all);
    }

    private static string Angle(IEnumerable<string> items)
    {
        var list = string.Join(", ", items);
        return list.Length == 0 ? "" : $"<{list}>";
    }
}
