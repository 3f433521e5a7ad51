using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Greenlets.Generators;

/// <summary>
/// The syntax the spawn-site and override steps look at, file by file. A file whose text spells neither the name of a
/// [TwinOverload] method nor <c>override</c> cannot hold either, so its syntax is never walked: a walk makes every
/// node of the file, which was all a project without [Greenlet] methods paid for the generator.
/// </summary>
internal static class CandidateFiles
{
    private const int Chunk = 8192;

    private static readonly string[] s_words = Words();

    [ThreadStatic]
    private static char[]? t_buffer;

    private static string[] Words()
    {
        var words = new List<string>(KnownNames.TwinOverloadMethods) { "override" };
        words.Sort(StringComparer.Ordinal);
        return words.ToArray();
    }

    /// <summary>Whether the file's text spells one of the words as a whole identifier: a search of the text, no syntax.</summary>
    public static bool MayHoldCandidates(SyntaxTree tree, CancellationToken cancellationToken)
    {
        var text = tree.GetText(cancellationToken);
        var longest = 0;
        foreach (var word in s_words)
        {
            longest = Math.Max(longest, word.Length);
        }

        // Chunks overlap by a word's length (and one character on each side), so no word is cut in two.
        var buffer = t_buffer ??= new char[Chunk + longest + 2];
        for (var start = 0; start < text.Length; start += Chunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var from = Math.Max(0, start - 1);
            var count = Math.Min(text.Length - from, Chunk + longest + 2);
            text.CopyTo(from, buffer, 0, count);
            if (SpellsAWord(buffer, count))
            {
                return true;
            }
        }

        return false;
    }

    private static bool SpellsAWord(char[] buffer, int count)
    {
        if (MaySpellAWordInDisguise(buffer, count))
        {
            return true;
        }

        foreach (var word in s_words)
        {
            for (var at = Array.IndexOf(buffer, word[0], 0, count); at >= 0 && at <= count - word.Length; at = Array.IndexOf(buffer, word[0], at + 1, count - at - 1))
            {
                if (Spells(buffer, at, word)
                    && (at == 0 || !IsIdentifierPart(buffer[at - 1]))
                    && (at + word.Length == count || !IsIdentifierPart(buffer[at + word.Length])))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// An identifier may be written with Unicode escapes (<c>Sp\u0061wn</c>) or hold formatting characters the
    /// compiler ignores (a soft hyphen): the same name to the compiler, another spelling to a text search. Such a file
    /// is walked, as rare as it is.
    /// </summary>
    private static bool MaySpellAWordInDisguise(char[] buffer, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var c = buffer[i];
            if ((c == '\\' && i + 1 < count && (buffer[i + 1] == 'u' || buffer[i + 1] == 'U'))
                || (c > '\u007F' && char.GetUnicodeCategory(c) == UnicodeCategory.Format))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Spells(char[] buffer, int at, string word)
    {
        for (var i = 1; i < word.Length; i++)
        {
            if (buffer[at + i] != word[i])
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsIdentifierPart(char c) => c == '_' || char.IsLetterOrDigit(c);

    /// <summary>The nodes of a file the semantic step looks at: overriding methods and calls by a [TwinOverload] method's name.</summary>
    public static ImmutableArray<SyntaxNode> Candidates(SyntaxTree tree, CancellationToken cancellationToken)
    {
        var found = ImmutableArray.CreateBuilder<SyntaxNode>();
        foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
        {
            if (IsOverride(node) || InterceptorParser.IsCandidate(node, cancellationToken))
            {
                found.Add(node);
            }
        }

        return found.ToImmutable();
    }

    public static bool IsOverride(SyntaxNode node) =>
        node is MethodDeclarationSyntax method && method.Modifiers.Any(SyntaxKind.OverrideKeyword);
}
