using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Pharos.Triage.StaffConsole;

namespace Pharos.Triage.IntegrationTests.Support;

/// <summary>
/// A browser's session with the staff console, without the browser: cookies kept, redirects not followed (tests look
/// at them), each form posted with the anti-forgery token of the page it is on, as a browser posts it.
/// </summary>
public sealed partial class ConsoleSession : IDisposable
{
    private ConsoleSession(HttpClient client) => Client = client;

    public HttpClient Client { get; }

    /// <summary>Nobody signed in yet.</summary>
    public static ConsoleSession Anonymous(PharosApp app) =>
        new(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    /// <summary>Signed in as a demo principal (<c>demo-analyst</c>, <c>demo-platform-x</c>, …) through the sign-in page.</summary>
    public static async Task<ConsoleSession> SignInAsync(PharosApp app, string principal)
    {
        var session = Anonymous(app);
        var answer = await session.PostFormAsync(ConsolePaths.SignIn, new() { ["principal"] = principal }, tokenFrom: ConsolePaths.SignIn);
        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther), $"signing in as {principal}: {await answer.Content.ReadAsStringAsync()}");
        return session;
    }

    public Task<HttpResponseMessage> GetAsync(string path) => Client.GetAsync(path);

    /// <summary>The page's HTML; fails unless it answers 200.</summary>
    public async Task<string> PageAsync(string path)
    {
        var response = await Client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"GET {path}: {html}");
        return html;
    }

    /// <summary>
    /// Posts a form as a browser would from the page at <paramref name="tokenFrom"/> (by default the sign-in page, which
    /// every session in the embedded default can open), with that page's anti-forgery token unless told not to.
    /// </summary>
    public async Task<HttpResponseMessage> PostFormAsync(
        string path, Dictionary<string, string> fields, string? tokenFrom = null, bool withToken = true)
    {
        var form = new Dictionary<string, string>(fields);
        if (withToken) form[TokenField] = await TokenAsync(tokenFrom ?? ConsolePaths.SignIn);
        return await Client.PostAsync(path, new FormUrlEncodedContent(form));
    }

    public const string TokenField = "__RequestVerificationToken";

    /// <summary>The anti-forgery token of the first form on a page.</summary>
    public async Task<string> TokenAsync(string page)
    {
        var html = await (await Client.GetAsync(page)).Content.ReadAsStringAsync();
        var match = TokenInput().Match(html);
        Assert.That(match.Success, Is.True, $"no anti-forgery token on {page}: {html}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();

    public void Dispose() => Client.Dispose();
}
