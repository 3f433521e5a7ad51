using System;
using System.Text;

namespace Greenlets.Generators;

/// <summary>A small indented writer: generated code is read, and stepped through, by users.</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public CodeWriter Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _indent * 4);
        }

        _text.Append(line).Append('\n');
        return this;
    }

    /// <summary>Starts a line at the current indentation, to be written with <see cref="Append"/> and ended with <see cref="EndLine"/>.</summary>
    public CodeWriter StartLine()
    {
        _text.Append(' ', _indent * 4);
        return this;
    }

    public CodeWriter Append(string text)
    {
        _text.Append(text);
        return this;
    }

    public CodeWriter EndLine()
    {
        _text.Append('\n');
        return this;
    }

    /// <summary>Writes text as is, at column zero: directives, and the user's own lines.</summary>
    public CodeWriter Raw(string text)
    {
        _text.Append(text.Replace("\r\n", "\n"));
        if (!text.EndsWith("\n", StringComparison.Ordinal))
        {
            _text.Append('\n');
        }

        return this;
    }

    public IDisposable Block(string header)
    {
        Line(header);
        Line("{");
        _indent++;
        return new Closer(this);
    }

    public override string ToString() => _text.ToString();

    private sealed class Closer : IDisposable
    {
        private readonly CodeWriter _writer;

        public Closer(CodeWriter writer) => _writer = writer;

        public void Dispose()
        {
            _writer._indent--;
            _writer.Line("}");
        }
    }
}
