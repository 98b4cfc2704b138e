using Pharos.Triage.Escalation.Statistics;
using Pharos.Triage.Infrastructure.Api;

namespace Pharos.Triage.Tests.Escalation;

/// <summary>
/// Issue 18: a published CSV is opened in spreadsheets, which run a cell starting with =, +, -, @, a tab or a carriage
/// return as a formula. A platform's name is typed by an administrator: =HYPERLINK(…) would run on the reader's machine.
/// </summary>
public class When_a_csv_cell_could_be_read_as_a_formula
{
    [TestCase("=HYPERLINK(\"https://evil.example\",\"x\")", "\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"x\"\")\"")]
    [TestCase("+33 1 23", "'+33 1 23")]
    [TestCase("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0")]
    [TestCase("@SUM(A1:A9)", "'@SUM(A1:A9)")]
    [TestCase("\t=1+1", "'\t=1+1")]
    [TestCase("\r=1+1", "\"'\r=1+1\"")]
    [TestCase("=1,2", "\"'=1,2\"")]
    public void A_text_cell_is_neutralised_with_an_apostrophe_and_quoted_as_needed(string text, string cell) =>
        Assert.That(CsvCells.Text(text), Is.EqualTo(cell));

    [TestCase("X Corp")]
    [TestCase("x")]
    [TestCase("a=b")]
    [TestCase("")]
    public void Other_text_is_left_alone(string text) => Assert.That(CsvCells.Text(text), Is.EqualTo(text));

    [Test]
    public void In_a_publication_the_name_is_neutralised_and_the_figures_stay_numbers()
    {
        var platform = new PlatformFigures
        {
            PlatformId = "x",
            Name = "=HYPERLINK(\"https://evil.example\")",
            ByCategory = [new CategoryFigures { Category = "terrorism", LegalBasis = "dsa_art_9", Requests = 3, Unanswered = 1, UnansweredRate = 0.3333, MedianAcknowledgeSeconds = 600 }],
        };

        var rows = PublicationCsv.Write([platform]).Split("\r\n");

        Assert.That(rows[1], Does.StartWith("x,\"'=HYPERLINK(\"\"https://evil.example\"\")\",terrorism,dsa_art_9,3,"));
        var cells = rows[1].Split(',');
        Assert.That(cells.Skip(4).Where(c => c.Length > 0), Has.All.Match(@"^\d+(\.\d+)?$"), "every figure is a plain number");
    }
}
