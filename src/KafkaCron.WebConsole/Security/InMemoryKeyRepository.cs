using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace KafkaCron.WebConsole.Security;

/// <summary>
/// Keeps the data-protection keys (login cookie, antiforgery tokens) in memory only: a restart ends logins and open
/// forms, and no key is ever written to disk, where ASP.NET Core would otherwise put it (~/.aspnet) unencrypted.
/// </summary>
internal sealed class InMemoryKeyRepository : IXmlRepository
{
    private readonly Lock _gate = new();
    private readonly List<XElement> _keys = [];

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        lock (_gate)
        {
            return _keys.Select(k => new XElement(k)).ToList();
        }
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        lock (_gate)
        {
            _keys.Add(new XElement(element));
        }
    }
}
