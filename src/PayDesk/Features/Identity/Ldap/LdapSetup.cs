using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Identity.Ldap;

internal static class LdapSetup
{
    public static IHostApplicationBuilder AddDirectorySignIn(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LdapOptions>().Bind(builder.Configuration.GetSection(LdapOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<LdapOptions>, LdapOptionsValidator>();
        builder.Services.AddSingleton<IDirectoryAuthenticator, LdapDirectory>();
        builder.Services.AddScoped<DirectorySignIn>();
        return builder;
    }
}

/// <summary>The directory link of a staff account: one local account per directory entry.</summary>
internal sealed class AppUserDirectoryConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> builder)
    {
        builder.Property(u => u.DirectoryDn).HasMaxLength(1024);
        builder.HasIndex(u => u.DirectoryDn).IsUnique();
    }
}
