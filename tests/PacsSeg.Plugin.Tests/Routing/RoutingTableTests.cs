using PacsSeg.Plugin.Configuration;
using PacsSeg.Plugin.Jobs;
using PacsSeg.Plugin.Routing;
using PacsSeg.Plugin.Tests.Support;

namespace PacsSeg.Plugin.Tests.Routing;

public sealed class RoutingTableTests
{
    private static JobRecord Series(string modality = "CT", string sopClass = "1.2.840.10008.5.1.4.1.1.2", string? body = "ABDOMEN",
        string? description = "Abdomen 1.0 B30f", string? manufacturer = "SIEMENS") => new()
        {
            Id = 1, CorrelationId = "c", StudyInstanceUid = "1.2", SeriesInstanceUid = "1.2.3", SourceAe = "CT1", State = JobState.Assembling,
            Modality = modality, SopClassUid = sopClass, BodyPart = body, SeriesDescription = description, Manufacturer = manufacturer,
        };

    private static readonly RoutingTable Table = new(
    [
        new RoutingRuleOptions { Name = "liver", Modality = "CT", BodyPart = "abdomen", SeriesDescriptionPattern = "b30f", Model = "liver" },
        new RoutingRuleOptions { Name = "any-ct", Modality = "CT", Model = "generic" },
        new RoutingRuleOptions { Name = "enhanced", SopClassUid = "1.2.840.10008.5.1.4.1.1.2.1", Model = "enhanced" },
    ], "PacsSeg");

    [Test]
    public void Route_FirstMatchingRuleWins() => Assert.That(Table.Route(Series()).Model, Is.EqualTo("liver"));

    [Test]
    public void Route_PatternMismatch_FallsThroughToTheNextRule() =>
        Assert.That(Table.Route(Series(description: "Lung 1.0 B70f")).Model, Is.EqualTo("generic"));

    [Test]
    public void Route_BySopClass() =>
        Assert.That(Table.Route(Series(modality: "XX", sopClass: "1.2.840.10008.5.1.4.1.1.2.1")).Model, Is.EqualTo("enhanced"));

    [TestCase("SEG", "1.2.840.10008.5.1.4.1.1.66.4")]
    [TestCase("SR", "1.2.840.10008.5.1.4.1.1.88.33")]
    [TestCase("PR", "1.2.840.10008.5.1.4.1.1.11.1")]
    [TestCase("CT", "1.2.840.10008.5.1.4.1.1.30")]
    [TestCase("CT", "1.2.840.10008.5.1.4.1.1.66.4")]
    [TestCase("SEG", "1.2.840.10008.5.1.4.1.1.2")]
    public void Route_DerivedObjects_AreNeverProcessedEvenWhenARuleMatches(string modality, string sopClass)
    {
        var decision = Table.Route(Series(modality, sopClass));
        Assert.That(decision.IsRouted, Is.False);
        Assert.That(decision.Reason, Does.Contain("never processed"));
    }

    [Test]
    public void Route_OurOwnOutput_IsNeverProcessed()
    {
        var decision = Table.Route(Series(manufacturer: "PacsSeg "));
        Assert.That(decision.IsRouted, Is.False);
        Assert.That(decision.Reason, Does.Contain("own"));
    }

    [Test]
    public void Route_NoRuleMatches_SaysSo() =>
        Assert.That(Table.Route(Series(modality: "MR", sopClass: "1.2.840.10008.5.1.4.1.1.4")).Reason, Is.EqualTo("no routing rule matches"));

    [Test]
    public void LoadRulesFile_FromJson_ReadsRules()
    {
        using var dir = new TestDirectory();
        string path = Path.Combine(dir.Path, "rules.json");
        File.WriteAllText(path, """[{ "name": "ct", "modality": "CT", "model": "phantom" }]""");
        var rules = RoutingTable.LoadRulesFile(path);
        Assert.That(rules.Single().Model, Is.EqualTo("phantom"));
    }

    [TestCase("{ not json")]
    [TestCase("""[{ "name": "no-criteria", "model": "m" }]""")]
    [TestCase("""[{ "modality": "CT" }]""")]
    public void LoadRulesFile_Malformed_ThrowsAConfigurationErrorNamingTheFile(string content)
    {
        using var dir = new TestDirectory();
        string path = Path.Combine(dir.Path, "rules.json");
        File.WriteAllText(path, content);
        var ex = Assert.Throws<RoutingConfigurationException>(() => RoutingTable.LoadRulesFile(path));
        Assert.That(ex!.Message, Does.Contain("rules.json"));
    }
}
