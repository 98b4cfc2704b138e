using Pharos.Triage.Contracts;
using Pharos.Triage.Routing.Platforms;

namespace Pharos.Triage.Tests.Routing;

/// <summary>API.md, "Admin": the rules of a platform's record, each refused with the field it concerns.</summary>
public class When_validating_a_platform
{
    private static readonly PlatformBodyValidator Validator = new();

    internal static readonly PlatformBody Rumble = new("rumble", "Rumble", ["rumble.com"],
        new ContactBody("Trust & Safety", "tns@rumble.com", "+33 1 23 45 67 89"), new ContactBody("On call", null, "+33 6 00 00 00 00"), ["fr", "en"]);

    private static Dictionary<string, string[]> Errors(PlatformBody body) =>
        Validator.Validate(body).Errors.GroupBy(e => e.PropertyName).ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray());

    private static IEnumerable<TestCaseData> Invalid()
    {
        TestCaseData Case(string name, PlatformBody body, string field) => new TestCaseData(body, field).SetArgDisplayNames(name);
        var contact = Rumble.Contact!;
        yield return Case("no id", Rumble with { Id = null }, "id");
        yield return Case("a one-character id", Rumble with { Id = "r" }, "id");
        yield return Case("a 41-character id", Rumble with { Id = new string('r', 41) }, "id");
        yield return Case("an id in capitals", Rumble with { Id = "Rumble" }, "id");
        yield return Case("an id with an underscore", Rumble with { Id = "rum_ble" }, "id");
        yield return Case("no name", Rumble with { Name = null }, "name");
        yield return Case("a blank name", Rumble with { Name = "  " }, "name");
        yield return Case("a 101-character name", Rumble with { Name = new string('n', 101) }, "name");
        yield return Case("a name over two lines", Rumble with { Name = "Rum\nble" }, "name");
        yield return Case("no domains", Rumble with { Domains = null }, "domains");
        yield return Case("an empty list of domains", Rumble with { Domains = [] }, "domains");
        yield return Case("101 domains", Rumble with { Domains = Enumerable.Range(0, 101).Select(i => $"d{i}.example").ToList() }, "domains");
        yield return Case("a domain twice", Rumble with { Domains = ["rumble.com", "RUMBLE.com"] }, "domains");
        yield return Case("a domain with a scheme", Rumble with { Domains = ["https://rumble.com"] }, "domains[0]");
        yield return Case("a domain with a path", Rumble with { Domains = ["rumble.com", "rumble.com/embed"] }, "domains[1]");
        yield return Case("a domain with a port", Rumble with { Domains = ["rumble.com:443"] }, "domains[0]");
        yield return Case("an IPv4 address", Rumble with { Domains = ["192.0.2.1"] }, "domains[0]");
        yield return Case("an IPv6 address", Rumble with { Domains = ["[2001:db8::1]"] }, "domains[0]");
        yield return Case("a name without a dot", Rumble with { Domains = ["localhost"] }, "domains[0]");
        yield return Case("a null domain", Rumble with { Domains = [null] }, "domains[0]");
        yield return Case("no contact", Rumble with { Contact = null }, "contact");
        yield return Case("a contact without a name", Rumble with { Contact = contact with { Name = null } }, "contact.name");
        yield return Case("a contact with a 101-character name", Rumble with { Contact = contact with { Name = new string('n', 101) } }, "contact.name");
        yield return Case("a contact with neither email nor phone", Rumble with { Contact = contact with { Email = null, Phone = null } }, "contact");
        yield return Case("a contact with a bad email", Rumble with { Contact = contact with { Email = "tns at rumble.com" } }, "contact.email");
        yield return Case("a contact with a bad phone", Rumble with { Contact = contact with { Phone = "+33 (1) 23" } }, "contact.phone");
        yield return Case("an escalation contact with a bad email", Rumble with { EscalationContact = contact with { Email = "oncall@" } }, "escalationContact.email");
        yield return Case("an escalation contact without email or phone",
            Rumble with { EscalationContact = new ContactBody("On call", null, null) }, "escalationContact");
        yield return Case("a three-letter language", Rumble with { Languages = ["fra"] }, "languages[0]");
        yield return Case("a language in capitals", Rumble with { Languages = ["fr", "EN"] }, "languages[1]");
        yield return Case("a language twice", Rumble with { Languages = ["fr", "en", "fr"] }, "languages");
    }

    [Test]
    public void Accepts_the_record_of_the_api_contract()
    {
        Assert.That(Errors(Rumble), Is.Empty);
        Assert.That(Errors(Rumble with { EscalationContact = null, Languages = null }), Is.Empty, "escalationContact and languages are optional");
        Assert.That(Errors(Rumble with { Contact = new ContactBody("T&S", null, "0123456789") }), Is.Empty, "a phone alone reaches them");
    }

    [TestCaseSource(nameof(Invalid))]
    public void Refuses_a_body_that_breaks_a_rule_naming_the_field(PlatformBody body, string field)
    {
        var errors = Errors(body);

        Assert.That(errors.Keys, Is.EquivalentTo(new[] { field }), () => string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
    }

    [Test]
    public void Names_every_broken_rule_at_once()
    {
        var errors = Errors(new PlatformBody("R", "", ["x"], new ContactBody(null, "no", null), null, ["xx", "xx"]));

        Assert.That(errors.Keys, Is.EquivalentTo(new[] { "id", "name", "domains[0]", "contact.name", "contact.email", "languages" }));
    }

    [Test]
    public void A_contact_missing_before_may_stay_missing_only_where_the_patch_says_so()
    {
        var body = Rumble with { Contact = null };
        var patch = new FluentValidation.ValidationContext<PlatformBody>(body);
        patch.RootContextData[PlatformBodyValidator.ContactMayStayMissing] = true;

        Assert.That(Validator.Validate(patch).Errors, Is.Empty);
        Assert.That(Errors(body).Keys, Is.EqualTo(new[] { "contact" }));
    }

    [Test]
    public void The_id_of_a_platform_patched_is_not_checked_again()
    {
        var patch = new FluentValidation.ValidationContext<PlatformBody>(Rumble with { Id = "x" });
        patch.RootContextData[PlatformBodyValidator.ExistingId] = true;

        Assert.That(Validator.Validate(patch).Errors, Is.Empty, "the seeded x, shorter than a new id may be");
        Assert.That(Errors(Rumble with { Id = "x" }).Keys, Is.EqualTo(new[] { "id" }));
    }

    [Test]
    public void The_record_of_a_valid_body_has_its_domains_in_lower_case_and_in_order()
    {
        var record = (Rumble with { Domains = ["Rumble.COM", "rmbl.ws"], Languages = null }).ToRecord();

        Assert.That(record.Domains, Is.EqualTo(new[] { "rmbl.ws", "rumble.com" }));
        Assert.That(record.Languages, Is.Empty);
        Assert.That(record.Contact, Is.EqualTo(new ContactPerson("Trust & Safety", "tns@rumble.com", "+33 1 23 45 67 89")));
    }
}

public class When_checking_a_host_name
{
    [TestCase("rumble.com")]
    [TestCase("onedrive.live.com")]
    [TestCase("t.co")]
    [TestCase("xn--bcher-kva.example")]
    [TestCase("a-b.example")]
    [TestCase("YouTube.COM")]
    public void Takes_a_host_name(string host) => Assert.That(HostNames.Problem(host), Is.Null);

    [TestCase("", "empty")]
    [TestCase("https://rumble.com", "scheme")]
    [TestCase("rumble.com/path", "path")]
    [TestCase("rumble.com:8080", "port")]
    [TestCase("10.0.0.1", "IP address")]
    [TestCase("1.2.3.999", "IP address")]
    [TestCase("[::1]", "IP address")]
    [TestCase("::1", "IP address")]
    [TestCase("rumble", "dot")]
    [TestCase("rumble..com", "empty label")]
    [TestCase(".rumble.com", "empty label")]
    [TestCase("rumble.com.", "empty label")]
    [TestCase("-rumble.com", "hyphen")]
    [TestCase("rumble-.com", "hyphen")]
    [TestCase("rum_ble.com", "letters, digits")]
    [TestCase("bücher.example", "xn--")]
    [TestCase("rum ble.com", "letters, digits")]
    public void Refuses_anything_else_saying_why(string host, string why) =>
        Assert.That(HostNames.Problem(host), Does.Contain(why));

    [Test]
    public void Refuses_a_label_over_63_characters_and_a_name_over_253()
    {
        Assert.That(HostNames.Problem(new string('a', 63) + ".com"), Is.Null);
        Assert.That(HostNames.Problem(new string('a', 64) + ".com"), Does.Contain("63"));
        var longest = string.Join('.', Enumerable.Repeat(new string('a', 62), 4)) + ".a"; // 253
        Assert.That(longest, Has.Length.EqualTo(253));
        Assert.That(HostNames.Problem(longest), Is.Null);
        Assert.That(HostNames.Problem(longest + "a"), Does.Contain("253"));
    }
}

public class When_checking_a_contact_person
{
    [TestCase("tns@rumble.com")]
    [TestCase("first.last+pharos@mail.rumble.co.uk")]
    [TestCase("o'brien@example.org")]
    public void Takes_an_email_address(string email) => Assert.That(ContactRules.IsEmail(email), Is.True);

    [TestCase("tns")]
    [TestCase("@rumble.com")]
    [TestCase("tns@")]
    [TestCase("tns@rumble")]
    [TestCase("t ns@rumble.com")]
    [TestCase("tns@@rumble.com")]
    [TestCase(".tns@rumble.com")]
    [TestCase("t..ns@rumble.com")]
    [TestCase("tns@192.0.2.1")]
    [TestCase("\"tns\"@rumble.com")]
    public void Refuses_what_is_no_email_address(string email) => Assert.That(ContactRules.IsEmail(email), Is.False);

    [Test]
    public void Refuses_an_email_over_254_characters()
    {
        string Domain(int third) => $"{new string('a', 63)}.{new string('a', 63)}.{new string('a', third)}.com";
        Assert.That(ContactRules.IsEmail(new string('l', 64) + "@" + Domain(57)), Is.True, "254 characters");
        Assert.That(ContactRules.IsEmail(new string('l', 64) + "@" + Domain(58)), Is.False, "255 characters");
        Assert.That(ContactRules.IsEmail(new string('l', 65) + "@rumble.com"), Is.False, "a local part over 64");
    }

    [TestCase("+33 1 23 45 67 89")]
    [TestCase("0123456789")]
    [TestCase("+441234567890")]
    [TestCase("1234")]
    public void Takes_a_phone_of_digits_with_an_optional_plus_and_spaces(string phone) => Assert.That(ContactRules.IsPhone(phone), Is.True);

    [TestCase("+33 (1) 23 45 67 89")]
    [TestCase("01-23-45-67-89")]
    [TestCase("33+1234567")]
    [TestCase(" 0123456789")]
    [TestCase("01  23456789")]
    [TestCase("123")]
    [TestCase("+1234567890123456")]
    [TestCase("call me")]
    public void Refuses_anything_else_as_a_phone(string phone) => Assert.That(ContactRules.IsPhone(phone), Is.False);

    [Test]
    public void Finds_a_contact_reachable_by_email_or_phone_only()
    {
        Assert.That(PlatformRecord.IsReachable(new ContactPerson("T&S", "tns@rumble.com", null)), Is.True);
        Assert.That(PlatformRecord.IsReachable(new ContactPerson("T&S", null, "+33 1 23 45 67 89")), Is.True);
        Assert.That(PlatformRecord.IsReachable(new ContactPerson("T&S", null, null)), Is.False);
        Assert.That(PlatformRecord.IsReachable(null), Is.False);
    }
}

public class When_patching_a_platform_record
{
    private static readonly PlatformRecord Current = When_validating_a_platform.Rumble.ToRecord();

    private static HashSet<string> Present(params string[] fields) => fields.ToHashSet(StringComparer.OrdinalIgnoreCase);

    [Test]
    public void The_fields_present_replace_and_the_others_stay()
    {
        var patch = new PlatformPatch(null, "Rumble Inc.", null, null, null, null);

        var body = patch.ApplyTo(Current, Present("name"));

        Assert.That(body.ToRecord().SameAs(Current with { Name = "Rumble Inc." }), Is.True);
    }

    [Test]
    public void A_null_present_removes_the_escalation_contact_and_a_field_absent_is_kept()
    {
        var patch = new PlatformPatch(null, null, null, null, null, null);

        var body = patch.ApplyTo(Current, Present("EscalationContact"));

        Assert.That(body.EscalationContact, Is.Null);
        Assert.That(body.Contact, Is.EqualTo(ContactBody.From(Current.Contact)));
        Assert.That(body.ToRecord().SameAs(Current with { EscalationContact = null }), Is.True);
    }

    [Test]
    public void A_null_contact_present_is_refused_by_the_rules_as_a_missing_one()
    {
        var body = new PlatformPatch(null, null, null, null, null, null).ApplyTo(Current, Present("contact"));

        Assert.That(new PlatformBodyValidator().Validate(body).Errors.Select(e => e.PropertyName), Is.EqualTo(new[] { "contact" }));
    }

    [Test]
    public void An_unchanged_record_is_the_same_as_the_current_one()
    {
        var body = new PlatformPatch("rumble", "Rumble", ["RUMBLE.com"], null, null, null).ApplyTo(Current, Present("id", "name", "domains"));

        Assert.That(body.ToRecord().SameAs(Current), Is.True);
    }
}
