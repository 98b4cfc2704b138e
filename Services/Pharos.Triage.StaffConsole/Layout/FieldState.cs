using Pharos.Triage.StaffConsole.Api;

namespace Pharos.Triage.StaffConsole.Layout;

/// <summary>
/// How a form field shows the API's messages about it: the error class, aria-invalid, and aria-describedby naming only
/// what is on the page (its hint, and its messages when there are some): an id that names nothing describes nothing.
/// </summary>
public sealed class FieldState(ApiProblem? problem)
{
    public bool HasErrors(string field) => problem?.For(field).Count > 0;

    public string Class(string field) => HasErrors(field) ? "field has-error" : "field";

    public string? Invalid(string field) => HasErrors(field) ? "true" : null;

    /// <param name="hint">The id of the field's hint, when it has one.</param>
    public string? DescribedBy(string field, string? hint = null)
    {
        var ids = new List<string>(2);
        if (hint is not null) ids.Add(hint);
        if (HasErrors(field)) ids.Add($"{field}-errors");
        return ids.Count == 0 ? null : string.Join(' ', ids);
    }
}
