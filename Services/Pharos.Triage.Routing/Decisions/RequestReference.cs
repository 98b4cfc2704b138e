using System.Globalization;

namespace Pharos.Triage.Routing.Decisions;

/// <summary>
/// A request's reference, <c>PHR-YYYY-NNNNNNNN</c>: the year of issue and the request's number in that
/// year. Eight digits hold 99,999,999 requests a year, 75 times the design volume of 1.3 million, so
/// references keep one width within a year and sort as text in the order they were issued.
/// </summary>
public static class RequestReference
{
    public const int Digits = 8;

    /// <summary>The most requests a year that keep the fixed width.</summary>
    public const long FixedWidthPerYear = 99_999_999;

    public static string Format(int year, long number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        // Past the fixed width the number only grows a digit: still unique and well-formed, never refused,
        // since refusing would stop every request for the rest of the year.
        return string.Create(CultureInfo.InvariantCulture, $"PHR-{year:0000}-{number:00000000}");
    }
}
