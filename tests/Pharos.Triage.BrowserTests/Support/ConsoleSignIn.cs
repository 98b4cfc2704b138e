using Microsoft.Playwright;

namespace Pharos.Triage.BrowserTests.Support;

/// <summary>Signing in to the console as a person does in the embedded default: on the sign-in page, by choosing a demo principal.</summary>
public static class ConsoleSignIn
{
    /// <summary>Signs in as <paramref name="principal"/> (<c>demo-analyst</c>, <c>demo-platform-x</c>, …) and waits for the role's first page.</summary>
    public static async Task SignInAsync(this BrowserPage page, RunningSystem system, string principal)
    {
        await page.GoToAsync(system.Url("/console/sign-in"));
        if (principal.StartsWith("demo-platform-", StringComparison.Ordinal))
        {
            await page.Page.GetByLabel("Ou entrer comme contact d'une plateforme").SelectOptionAsync(principal);
            await page.Page.GetByRole(AriaRole.Button, new() { Name = "Entrer comme cette plateforme" }).ClickAsync();
        }
        else
        {
            await page.Page.Locator($"form:has(input[name='principal'][value='{principal}']) button").ClickAsync();
        }
        await page.Page.WaitForURLAsync(url => !url.Contains("/console/sign-in", StringComparison.Ordinal));
    }
}
