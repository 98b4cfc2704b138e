namespace Pharos.Triage.Pages.Charts;

/// <summary>One bar of a chart: its label, its length (in the chart's unit) and what is written beside it.</summary>
public sealed record ChartBar(string Label, double? Value, string Text);
