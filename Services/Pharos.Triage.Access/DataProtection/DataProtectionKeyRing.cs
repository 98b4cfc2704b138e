using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Pharos.Triage.Infrastructure.Runtime;

namespace Pharos.Triage.Access.DataProtection;

/// <summary>
/// The data protection keys in the access store that every host shares: a cookie or an anti-forgery token made by one
/// instance is read by any other, and survives a restart or a new container. The framework asks rarely (at start, then
/// about daily), and only synchronously: hence the blocking calls.
/// </summary>
public sealed class DataProtectionKeyRing(AccessDatabase database, TimeProvider clock) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = database.OpenAsync().GetAwaiter().GetResult();
        return connection.Query<string>(database.Sql.SelectDataProtectionKeys).Select(XElement.Parse).ToList();
    }

    public void StoreElement(XElement element, string friendlyName) =>
        database.InTransactionAsync(async uow =>
        {
            await uow.ExecuteAsync(database.Sql.InsertDataProtectionKey,
                new { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting), CreatedAt = clock.Now() });
            await uow.CommitAsync();
        }).GetAwaiter().GetResult();
}
