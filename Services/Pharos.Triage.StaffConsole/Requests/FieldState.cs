using Pharos.Triage.StaffConsole.Api;

namespace Pharos.Triage.StaffConsole.Requests;

/// <summary>How a form field shows the API's messages about it: its class, and what describes it to a screen reader.</summary>
internal static class FieldState
{
    public static string Css(ApiProblem? problem, string field) => problem?.For(field).Count > 0 ? "field has-error" : "field";

    /// <summary>The hint and the messages that are on the page: an id that names nothing would describe nothing.</summary>
    public static string? DescribedBy(ApiProblem? problem, string field, string? hint = null)
    {
        var ids = new List<string>();
        if (hint is not null) ids.Add(hint);
        if (problem?.For(field).Count > 0) ids.Add($"{field}-errors");
        return ids.Count == 0 ? null : string.Join(' ', ids);
    }
}
