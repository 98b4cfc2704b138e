namespace Pharos.Triage.BrowserTests.Support;

/// <summary>The screens a page is checked on: a desktop, and a phone held upright.</summary>
public sealed record Viewport(string Name, int Width, int Height, bool IsMobile)
{
    public static readonly Viewport Desktop = new("desktop", 1280, 900, IsMobile: false);
    public static readonly Viewport Phone = new("phone", 390, 844, IsMobile: true);

    public static readonly Viewport[] All = [Desktop, Phone];

    public override string ToString() => Name;
}
