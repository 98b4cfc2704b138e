namespace Pharos.Triage.Access.ApiKeys;

/// <summary>API keys in the OpenAPI document's examples: one issued to platform X's integration.</summary>
public static class ApiKeyExamples
{
    private static readonly DateTimeOffset Created = new(2026, 11, 22, 9, 30, 0, TimeSpan.Zero);

    public static readonly IssueApiKey Issue = new("platform", "x", "X trust & safety integration");

    public static readonly IssuedApiKey Issued = new(
        "0193a6c1-2f00-7d21-a3b4-5c6d7e8f9a0b", "k7m2p9qa", "phr_k7m2p9qa_3q2-7wEvG9a8Ww1cJzXnQfV0pLr4sTu6yBd5hK8mNe2",
        Issue.Name!, Issue.Role!, Issue.PlatformId, Created);

    /// <summary>As listed: never the token.</summary>
    public static readonly ApiKeyView Listed = new(
        Issued.Id, Issued.Prefix, Issued.Name, Issued.Role, Issued.PlatformId, Created, "admin:demo-admin", null, Created.AddMinutes(45));
}
