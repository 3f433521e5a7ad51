"""Writes variants of the generator's output, for generated-cost.sh to compile as plain source.

    generated_variants.py VARIANT SOURCE_DIR OUT_DIR

Each variant changes one thing in every generated file, so that its cost can be read against the unchanged output
(`generated`). A variant is a question about the compiler, not a generator: the output must still build.

    generated     the files as the generator wrote them
    no-registry   without the twin registrations (the module initializers and their resolvers)
    annotations   `#nullable enable annotations` instead of `#nullable enable` before each twin: no nullable analysis
                  of the twin's body (its signature keeps its annotations)
    no-line       without the #line directives around each body
    no-points     without the SuspensionPoints attribute on each twin
"""
import os
import re
import sys

variant, source, out = sys.argv[1], sys.argv[2], sys.argv[3]

def no_registry(text):
    # The registration is the last member of the type: everything from its #nullable line to the type's closing brace.
    start = text.find("\n#nullable disable\n")
    while start >= 0 and "Registers" not in text[start:start + 200]:
        start = text.find("\n#nullable disable\n", start + 1)
    if start < 0:
        return text
    # The type's closing brace is the first line, after the registration, indented less than its members.
    lines = text[start:].split("\n")
    depth = 0
    for i, line in enumerate(lines[1:], 1):
        depth += line.count("{") - line.count("}")
        if depth < 0:
            return text[:start] + "\n" + "\n".join(lines[i:])
    return text


def annotations(text):
    return text.replace("#nullable enable\n#pragma warning disable\n", "#nullable enable annotations\n#pragma warning disable\n")


def no_line(text):
    return re.sub(r"^#line [^\n]*\n", "", text, flags=re.M)


def no_points(text):
    return re.sub(r"^\s*\[global::Greenlets\.CompilerServices\.SuspensionPoints\([^\n]*\)\]\n", "", text, flags=re.M)


transforms = {
    "generated": lambda text: text,
    "no-registry": no_registry,
    "annotations": annotations,
    "no-line": no_line,
    "no-points": no_points,
}
if variant not in transforms:
    sys.exit(f"unknown variant {variant}: one of {', '.join(transforms)}")

os.makedirs(out, exist_ok=True)
for root, _, files in os.walk(source):
    for name in files:
        if name.endswith(".cs"):
            with open(os.path.join(root, name), encoding="utf-8-sig") as f:
                text = f.read()
            with open(os.path.join(out, name), "w", encoding="utf-8") as f:
                f.write(transforms[variant](text))
