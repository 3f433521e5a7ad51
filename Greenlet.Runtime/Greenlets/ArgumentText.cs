using System.Globalization;
using System.Reflection;
using System.Text;

namespace Greenlets;

/// <summary>
/// How a greenlet's description shows the function it runs and its arguments: <c>Jobs.Work("steve", 3)</c>, as gevent's
/// <c>fail(1, 'two')</c> but written the C# way. A value C# has a literal for is shown as that literal (<c>"two"</c>,
/// <c>'c'</c>, <c>true</c>, <c>null</c>, <c>2.5</c>, <c>Color.Red</c>); any other as its type's name, without calling
/// its <c>ToString</c> (the monitor describes greenlets from its own thread). Each is cut at 50 characters, as gevent
/// cuts each argument's <c>repr</c>. Reflection is fine here: it runs only when something is described.
/// </summary>
internal static class ArgumentText
{
    private const int MaxLength = 50;

    /// <summary><c>Jobs.Work("steve", 3)</c>.</summary>
    public static string Call(string function, IEnumerable<object?> arguments) =>
        $"{function}({string.Join(", ", arguments.Select(Format))})";

    /// <summary>A method as its description names it: <c>Jobs.Work</c>, a local function by its name, a lambda as <c>&lt;lambda&gt;</c>.</summary>
    public static string FunctionName(MethodInfo method)
    {
        var name = method.Name;
        if (!name.Contains('<'))
        {
            return method.DeclaringType is { } type ? $"{TypeName(type)}.{name}" : name;
        }

        // A local function: <Main>g__Fetch|0_0; a lambda: <Main>b__0_0.
        var local = name.IndexOf(">g__", StringComparison.Ordinal);
        var end = name.IndexOf('|', StringComparison.Ordinal);
        return local > 0 && end > local ? name[(local + 4)..end] : "<lambda>";
    }

    public static string Format(object? value)
    {
        var text = value switch
        {
            null => "null",
            string s => Quote(s, '"'),
            char c => Quote(c.ToString(), '\''),
            bool b => b ? "true" : "false",
            Enum e => $"{TypeName(e.GetType())}.{e}",
            GreenDuration duration => duration.Seconds.ToString(CultureInfo.InvariantCulture), // as written: Sleep(10)
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => TypeName(value.GetType()),
        };
        return text.Length > MaxLength ? text[..MaxLength] : text;
    }

    /// <summary><c>Jobs</c>, <c>List&lt;Int32&gt;</c>: the name without the generic arity the runtime adds.</summary>
    private static string TypeName(Type type)
    {
        var name = type.Name;
        var tick = name.IndexOf('`');
        if (tick < 0)
        {
            return name;
        }

        return $"{name[..tick]}<{string.Join(", ", type.GetGenericArguments().Select(TypeName))}>";
    }

    /// <summary>A C# literal: <c>"it's \"x\"\n"</c>.</summary>
    private static string Quote(string text, char quote)
    {
        var literal = new StringBuilder(text.Length + 2).Append(quote);
        foreach (var c in text)
        {
            literal.Append(c switch
            {
                '\\' => @"\\",
                '\n' => @"\n",
                '\r' => @"\r",
                '\t' => @"\t",
                '\0' => @"\0",
                _ when c == quote => "\\" + c,
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return literal.Append(quote).ToString();
    }
}
