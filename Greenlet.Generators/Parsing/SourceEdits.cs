using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Greenlets.Generators;

/// <summary>
/// Text edits to a method body, applied to its source text in one pass: the twin's body is the user's text with
/// tokens spliced in at the suspension points (<c>await </c>, a twin's name, an argument), so the generator builds
/// no syntax tree and writes out the body once, where a syntax rewriter rebuilt every node above each edit and then
/// wrote the whole new tree out again.
/// </summary>
/// <remarks>
/// Each edit belongs to a node (its owner). Edits at the same position go in the order a rewritten tree would print
/// them: first what closes the nodes that end there (innermost first), then what opens the nodes that start there
/// (outermost first), then a replacement of the text that starts there.
/// </remarks>
internal sealed class SourceEdits
{
    private List<Edit> _edits = new();
    private int _made;

    private enum Kind
    {
        Close,
        Open,
        Replace,
    }

    public bool IsEmpty => _edits.Count == 0;

    /// <summary><paramref name="text"/> before <paramref name="node"/>, after its leading trivia.</summary>
    public void InsertBefore(SyntaxNode node, string text) => Add(new Edit(node.SpanStart, 0, Kind.Open, node.Span, text, _made++));

    /// <summary><paramref name="text"/> after <paramref name="node"/>, before its trailing trivia.</summary>
    public void InsertAfter(SyntaxNode node, string text) => Add(new Edit(node.Span.End, 0, Kind.Close, node.Span, text, _made++));

    /// <summary><paramref name="text"/> at <paramref name="position"/>, opening <paramref name="owner"/> (<c>await </c> before a foreach's keyword).</summary>
    public void InsertOpening(int position, TextSpan owner, string text) => Add(new Edit(position, 0, Kind.Open, owner, text, _made++));

    /// <summary><paramref name="text"/> at <paramref name="position"/>, inside <paramref name="owner"/> and closing what ends there before it.</summary>
    public void InsertInside(int position, TextSpan owner, string text) => Add(new Edit(position, 0, Kind.Close, owner, text, _made++));

    /// <summary>
    /// <paramref name="text"/> in the place of <paramref name="span"/>; the edits already made inside it are dropped, as a
    /// rewriter's replacement drops what it did to the node it replaces.
    /// </summary>
    public void Replace(TextSpan span, string text)
    {
        for (var i = _edits.Count - 1; i >= 0; i--)
        {
            if (span.Contains(_edits[i].Owner))
            {
                _edits.RemoveAt(i);
            }
        }

        Add(new Edit(span.Start, span.Length, Kind.Replace, span, text, _made++));
    }

    /// <summary>Whether any edit falls inside <paramref name="span"/>.</summary>
    public bool HasEditsIn(TextSpan span)
    {
        foreach (var edit in _edits)
        {
            if (span.Contains(edit.Owner))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The edits as they are now, to go back to with <see cref="Restore"/> when a rewrite is abandoned.</summary>
    public object Save() => new List<Edit>(_edits);

    public void Restore(object saved) => _edits = new List<Edit>((List<Edit>)saved);

    private void Add(Edit edit) => _edits.Add(edit);

    /// <summary>
    /// The text of <paramref name="span"/> in <paramref name="source"/>, with the edits made inside it, after
    /// <paramref name="indent"/> spaces: copied straight into the one string it returns.
    /// </summary>
    public string Apply(SourceText source, TextSpan span, int indent = 0)
    {
        var edits = new List<Edit>(_edits.Count);
        foreach (var edit in _edits)
        {
            if (edit.Position >= span.Start && edit.Position + edit.Length <= span.End)
            {
                edits.Add(edit);
            }
        }

        edits.Sort(static (a, b) => a.CompareTo(b));
        var length = indent + span.Length;
        foreach (var edit in edits)
        {
            length += edit.Text.Length - edit.Length;
        }

        var text = new char[length];
        var written = indent;
        for (var i = 0; i < indent; i++)
        {
            text[i] = ' ';
        }

        var at = span.Start;
        foreach (var edit in edits)
        {
            if (edit.Position > at)
            {
                source.CopyTo(at, text, written, edit.Position - at);
                written += edit.Position - at;
                at = edit.Position;
            }

            edit.Text.CopyTo(0, text, written, edit.Text.Length);
            written += edit.Text.Length;
            if (edit.Length > 0)
            {
                at = edit.Position + edit.Length;
            }
        }

        source.CopyTo(at, text, written, span.End - at);
        return new string(text);
    }

    /// <param name="Position">Where it goes in the source.</param>
    /// <param name="Length">How many characters of the source it replaces: 0 for an insertion.</param>
    /// <param name="EditKind">What it does at its position.</param>
    /// <param name="Owner">The node (or token) it belongs to.</param>
    /// <param name="Text">What it writes.</param>
    /// <param name="Order">The order it was made in, the last tie-break: a node's own edits stay in the order the node made them.</param>
    private readonly record struct Edit(int Position, int Length, Kind EditKind, TextSpan Owner, string Text, int Order)
    {
        public int CompareTo(Edit other)
        {
            if (Position != other.Position)
            {
                return Position.CompareTo(other.Position);
            }

            if (EditKind != other.EditKind)
            {
                return EditKind.CompareTo(other.EditKind);
            }

            var byNesting = EditKind switch
            {
                Kind.Close => Owner.Length.CompareTo(other.Owner.Length), // the inner node closes first
                Kind.Open => other.Owner.Length.CompareTo(Owner.Length), // the outer node opens first
                _ => 0,
            };
            return byNesting != 0 ? byNesting : Order.CompareTo(other.Order);
        }
    }
}
