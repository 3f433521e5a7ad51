"""Writes the analyzer-build benchmark project.

    generate.py WORK REPO [SCALE] [greenlet|plain]

greenlet (the default): 1,000 x SCALE [Greenlet] methods with 10 calls each, in 10 x SCALE files.
plain: the same number of files of plain code (no [Greenlet] method), 300 calls a file, every one passing a value
or a method group, which is what a project that references the package but does not use it looks like.
The Greenlet generator and analyzers are referenced unless the build sets GreenletTooling=false: that build is the
same source "without the package" (the runtime stays referenced, since the code calls it).
"""
import os
import sys

work, repo = sys.argv[1], sys.argv[2]
scale = int(sys.argv[3]) if len(sys.argv) > 3 else 1
mode = sys.argv[4] if len(sys.argv) > 4 else "greenlet"
files, methods_per_file = 10 * scale, 100

with open(os.path.join(work, "Bench.csproj"), "w") as project:
    project.write(f"""<Project Sdk="Microsoft.NET.Sdk">
  <Import Project="{repo}/Greenlet.Runtime/build/Greenlet.props" />
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <NoWarn>$(NoWarn);GRN0100;GRN0101</NoWarn>
  </PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="{repo}/Greenlet.Runtime/Greenlet.Runtime.csproj" />
  </ItemGroup>
  <ItemGroup Condition="'$(GreenletTooling)' != 'false'">
    <ProjectReference Include="{repo}/Greenlet.Generators/Greenlet.Generators.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
    <ProjectReference Include="{repo}/Greenlet.Analyzers/Greenlet.Analyzers.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
  </ItemGroup>
</Project>
""")

def write_plain():
    for f in range(files):
        lines = ["namespace Bench;", "", f"public static class Plain{f}", "{"]
        for m in range(30):
            n = f * 30 + m
            lines += [
                f"    public static int Run{n}(List<int> numbers, int seed)",
                "    {",
                "        numbers.ForEach(Print);",
                "        var kept = numbers.Select(Twice).Where(IsEven).ToList();",
                "        Console.WriteLine(seed);",
                f"        seed += Helpers.Compute({n});",
                "        seed += Math.Max(seed, kept.Count);",
                "        kept.Sort(Compare);",
                "        seed += string.Join(\",\", kept).Length;",
                "        return seed;",
                "    }",
                "",
            ]
        lines += [
            "    private static void Print(int n) => Console.WriteLine(n);",
            "    private static int Twice(int n) => n * 2;",
            "    private static bool IsEven(int n) => n % 2 == 0;",
            "    private static int Compare(int a, int b) => a.CompareTo(b);",
            "}",
        ]
        with open(os.path.join(work, f"Plain{f}.cs"), "w") as source:
            source.write("\n".join(lines) + "\n")


for f in range(files if mode == "greenlet" else 0):
    lines = ["using Greenlets;", "", "namespace Bench;", "", f"public static partial class Greenlets{f}", "{"]
    for m in range(methods_per_file):
        n = f * methods_per_file + m
        callee = f"Greenlets{(f + 1) % files}.Work{((f + 1) % files) * methods_per_file + m}"
        lines += [
            "    [Greenlet]",
            f"    public static int Work{n}(GreenQueue<int> queue, Event ready)",
            "    {",
            "        var total = 0;",
            "        Greenlet.Sleep(0);",                                  # 1 cooperative
            "        queue.Put(1);",                                       # 2 cooperative
            "        total += queue.Get();",                               # 3 cooperative
            f"        total += Helpers.Compute({n});",                      # 4 helper, two deep
            f"        total += Helpers.Format({n}).Length;",                # 5 helper with a blocking call inside
            "        Console.WriteLine(total);",                           # 6 plain
            "        total += Math.Max(total, 1);",                        # 7 plain
            (f"        total += {callee}(queue, ready);" if m % 2 == 0 and f < files - 1 else "        total += total.GetHashCode();"),  # 8 greenlet or plain
            ("        Thread.Sleep(0);" if n % 10 == 0 else "        ready.Set();"),  # 9 blocking or cooperative
            "        return total.CompareTo(0);",                          # 10 plain
            "    }",
            "",
        ]
    lines.append("}")
    with open(os.path.join(work, f"Greenlets{f}.cs"), "w") as source:
        source.write("\n".join(lines) + "\n")

if mode == "plain":
    write_plain()

helpers = ["namespace Bench;", "", "public static class Helpers", "{"]
for h in range(100):
    helpers += [
        f"    public static int Step{h}(int n) => n * {h + 1} % 7;",
    ]
helpers += [
    "    public static int Compute(int n) => Step0(n) + Inner(n);",
    "    private static int Inner(int n) => n switch { < 0 => Step1(n), _ => Step2(n) + Step3(n) };",
    "    public static string Format(int n) => n < 0 ? File.ReadAllText(\"/dev/null\") : n.ToString();",
    "}",
]
with open(os.path.join(work, "Helpers.cs"), "w") as source:
    source.write("\n".join(helpers) + "\n")
