using PayDesk.Features.Identity.Ldap;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Tests.Features.Identity;

public sealed class DirectoryRulesTests
{
    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("*", @"\2a")]
    [InlineData("alice)(uid=*", @"alice\29\28uid=\2a")]
    [InlineData(@"back\slash", @"back\5cslash")]
    [InlineData("nul\0", @"nul\00")]
    [InlineData("张三@例子.cn", "张三@例子.cn")]
    public void Typed_names_become_filter_values_not_filter_syntax(string typed, string escaped)
    {
        Assert.Equal(escaped, LdapFilter.Escape(typed));
        Assert.Equal($"(|(uid={escaped})(mail={escaped}))", LdapFilter.Format("(|(uid={0})(mail={0}))", typed));
    }

    [Fact]
    public void Groups_map_by_full_dn_or_by_cn_whatever_the_case_and_spacing_and_every_mapped_group_counts()
    {
        var map = new DirectoryRoleMap([
            new() { Group = "CN=Agents, OU=Groups, DC=corp, DC=cn", Role = "agent" },
            new() { Group = "PayDesk-Admins", Role = "admin" },
            new() { Group = "cn=leads,ou=groups,dc=corp,dc=cn", Role = "supervisor" },
        ]);

        Assert.Equal(["agent"], map.RolesFor(["cn=agents,ou=groups,dc=corp,dc=cn"]));
        Assert.Equal(["agent", "admin"], map.RolesFor(["cn=paydesk-admins,ou=it,dc=corp,dc=cn", "cn=agents,ou=groups,dc=corp,dc=cn"]));
        // A full DN must match in full: the same CN elsewhere in the tree grants nothing.
        Assert.Empty(map.RolesFor(["cn=leads,ou=contractors,dc=corp,dc=cn"]));
        Assert.Empty(map.RolesFor(["cn=everyone,ou=groups,dc=corp,dc=cn"]));
        Assert.Empty(map.RolesFor([]));
    }
}
