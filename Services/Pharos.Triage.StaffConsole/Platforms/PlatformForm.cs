using Microsoft.AspNetCore.Http;
using Pharos.Triage.StaffConsole.Api;

namespace Pharos.Triage.StaffConsole.Platforms;

/// <summary>A contact person as typed in the form: three boxes, any of them empty.</summary>
public sealed record ContactForm(string Name, string Email, string Phone)
{
    public static readonly ContactForm Empty = new("", "", "");

    public bool IsEmpty => Name.Length == 0 && Email.Length == 0 && Phone.Length == 0;

    /// <summary>
    /// The API's contact: none when every box is empty; an empty e-mail or phone is left out, so that the API judges
    /// "an e-mail or a phone" and not an empty address.
    /// </summary>
    public ContactBody? ToBody() => IsEmpty ? null : new(Name, Email.Length == 0 ? null : Email, Phone.Length == 0 ? null : Phone);

    public static ContactForm From(ContactPerson? person) =>
        person is null ? Empty : new(person.Name, person.Email ?? "", person.Phone ?? "");

    public static ContactForm Read(IFormCollection form, string prefix) =>
        new(Field(form, $"{prefix}.name"), Field(form, $"{prefix}.email"), Field(form, $"{prefix}.phone"));

    internal static string Field(IFormCollection form, string name) => form[name].ToString().Trim();
}

/// <summary>The body the console sends for a contact person.</summary>
public sealed record ContactBody(string Name, string? Email, string? Phone);

/// <summary>The body of <c>POST /api/admin/platforms</c>; without an id, of <c>PATCH /api/admin/platforms/{id}</c>.</summary>
public sealed record PlatformBody(
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Id,
    string Name,
    IReadOnlyList<string> Domains,
    ContactBody? Contact,
    ContactBody? EscalationContact,
    IReadOnlyList<string> Languages);

/// <summary>
/// A platform's form as typed: the domains one per line, the languages separated by commas or spaces. The API judges
/// every value; the form only splits the boxes into the lists the API takes.
/// </summary>
public sealed record PlatformForm(string Id, string Name, string Domains, ContactForm Contact, ContactForm EscalationContact, string Languages)
{
    public static readonly PlatformForm Blank = new("", "", "", ContactForm.Empty, ContactForm.Empty, "fr");

    private static readonly char[] LanguageSeparators = [',', ' ', ';', '\t', '\r', '\n'];

    public static PlatformForm Read(IFormCollection form) => new(
        ContactForm.Field(form, "id"),
        ContactForm.Field(form, "name"),
        form["domains"].ToString(),
        ContactForm.Read(form, "contact"),
        ContactForm.Read(form, "escalationContact"),
        ContactForm.Field(form, "languages"));

    public static PlatformForm From(PlatformView platform) => new(
        platform.Id, platform.Name, string.Join('\n', platform.Domains), ContactForm.From(platform.Contact),
        ContactForm.From(platform.EscalationContact), string.Join(", ", platform.Languages));

    /// <summary>The body to send; <paramref name="withId"/> only when creating (the id is fixed once created).</summary>
    public PlatformBody ToBody(bool withId) => new(
        withId ? Id : null,
        Name,
        Domains.Split('\n').Select(d => d.Trim()).Where(d => d.Length > 0).ToList(),
        Contact.ToBody(),
        EscalationContact.ToBody(),
        Languages.Split(LanguageSeparators, StringSplitOptions.RemoveEmptyEntries).ToList());
}

/// <summary>The API's problems with a platform's form, put beside the boxes they concern.</summary>
public static class PlatformProblems
{
    /// <summary>
    /// Each message under the box it concerns: the API names a list's item (<c>domains[1]</c>, <c>languages[0]</c>) and
    /// the form has one box per list; a conflict (an id taken, a domain another platform owns) goes beside its box too.
    /// </summary>
    public static ApiProblem ForForm(ApiProblem problem)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        void Add(string field, IEnumerable<string> messages) =>
            errors[field] = errors.TryGetValue(field, out var known) ? [.. known, .. messages] : [.. messages];

        foreach (var (field, messages) in problem.Errors)
        {
            var bracket = field.IndexOf('[', StringComparison.Ordinal);
            Add(bracket > 0 ? field[..bracket] : field, messages);
        }
        if (problem.Status == StatusCodes.Status409Conflict)
        {
            var (field, lead) = problem.Title == "Platform id taken"
                ? ("id", "Cet identifiant est déjà pris par une autre plateforme")
                : ("domains", "Un de ces domaines appartient déjà à une autre plateforme");
            Add(field, [$"{lead} : {problem.Detail ?? problem.Title}"]);
            return problem with { Detail = $"{lead} ; rien n'a été enregistré.", Errors = errors };
        }
        return problem with { Errors = errors };
    }
}
