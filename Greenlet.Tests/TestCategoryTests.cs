using System.Reflection;

namespace Greenlets.Tests;

/// <summary>
/// Every fixture carries exactly one of <see cref="TestCategories.All"/>: <c>eng/test.sh --fast</c> runs some of them
/// and <c>eng/test.sh</c> all of them, so a fixture without one (or with another) would quietly drop out of a run.
/// </summary>
[Category(TestCategories.Unit)]
public sealed class TestCategoryTests
{
    [Test]
    public void EveryFixtureHasExactlyOneKnownCategory()
    {
        var fixtures = typeof(TestCategoryTests).Assembly.GetTypes().Where(IsFixture).ToArray();
        var wrong = fixtures
            .Select(fixture => (fixture, categories: CategoriesOf(fixture)))
            .Where(entry => entry.categories.Length != 1 || !TestCategories.All.Contains(entry.categories[0]))
            .Select(entry => $"{entry.fixture.FullName}: [{string.Join(", ", entry.categories)}]")
            .ToArray();

        Assert.That(fixtures, Has.Length.GreaterThan(100), "the fixtures were found");
        Assert.That(wrong, Is.Empty, $"each fixture needs exactly one of [Category(TestCategories.{string.Join("|", TestCategories.All)})]");
    }

    [Test]
    public void NoTestMethodAddsACategoryOfItsOwn()
    {
        var tagged = typeof(TestCategoryTests).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(method => method.GetCustomAttributes<CategoryAttribute>().Any())
            .Select(method => $"{method.DeclaringType!.FullName}.{method.Name}")
            .ToArray();

        Assert.That(tagged, Is.Empty, "a method's category would add to its fixture's, and the filters choose by fixture");
    }

    /// <summary>A class NUnit runs tests of: not abstract, with a test method of its own or inherited.</summary>
    private static bool IsFixture(Type type) =>
        type.IsClass && (!type.IsAbstract || type.IsSealed) // static classes are abstract and sealed
        && type.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
            .Any(method => method.IsDefined(typeof(TestAttribute)) || method.IsDefined(typeof(TestCaseAttribute))
                || method.IsDefined(typeof(TestCaseSourceAttribute)) || method.IsDefined(typeof(TheoryAttribute)));

    private static string[] CategoriesOf(Type fixture) =>
        [.. fixture.GetCustomAttributes<CategoryAttribute>(inherit: true).Select(category => category.Name)];
}
