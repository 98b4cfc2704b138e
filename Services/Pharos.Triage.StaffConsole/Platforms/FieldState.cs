using Pharos.Triage.StaffConsole.Api;

namespace Pharos.Triage.StaffConsole.Platforms;

/// <summary>How a box shows whether the API found a problem with it.</summary>
public static class FieldState
{
    public static string Css(ApiProblem? problem, string field) => problem?.For(field).Count > 0 ? "field has-error" : "field";

    /// <summary>The ids that describe a box: its hint, and its messages when it has some.</summary>
    public static string? DescribedBy(ApiProblem? problem, string field, string? hint = null)
    {
        var ids = new[] { hint, problem?.For(field).Count > 0 ? $"{field}-errors" : null }.OfType<string>().ToList();
        return ids.Count == 0 ? null : string.Join(' ', ids);
    }
}
