"""Writes the analyzer-build benchmark project: 1,000 [Greenlet] methods with 10 calls each, in 10 files."""
import os
import sys

work, repo = sys.argv[1], sys.argv[2]
files, methods_per_file = 10, 100

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
    <ProjectReference Include="{repo}/Greenlet.Generators/Greenlet.Generators.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
    <ProjectReference Include="{repo}/Greenlet.Analyzers/Greenlet.Analyzers.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
  </ItemGroup>
</Project>
""")

for f in range(files):
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
