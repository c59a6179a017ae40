using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Customers;

internal static class CustomerEndpoints
{
    public static IHostApplicationBuilder AddCustomers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<Audit.IAuditNames, CustomerAuditNames>();
        builder.Services.AddScoped<CustomerDirectory>();
        builder.Services.AddSingleton<PersonalDataProtector>();
        return builder;
    }

    public static RouteGroupBuilder MapCustomers(this RouteGroupBuilder api)
    {
        var customers = api.MapGroup("/customers").WithTags("Customers").RequireAuthorization(Policies.Staff);
        customers.MapGet("/", ListCustomers.HandleAsync).WithName("ListCustomers")
            .WithSummary("Customers, newest first; q matches a name, an exact phone number or e-mail.");
        customers.MapGet("/{id:guid}", GetCustomer.HandleAsync).WithName("GetCustomer").WithSummary("One customer, personal numbers masked.");
        customers.MapPost("/", CreateCustomer.HandleAsync).WithName("CreateCustomer").WithSummary("Add a customer.");
        customers.MapPatch("/{id:guid}", UpdateCustomer.HandleAsync).WithName("UpdateCustomer").WithSummary("Change a customer's details.");
        customers.MapPost("/{id:guid}/cards", BindBankCard.HandleAsync).WithName("BindBankCard").WithSummary("Record a bank card bound to the account.");
        customers.MapPost("/{id:guid}/reveal", RevealPersonalData.HandleAsync).WithName("RevealPersonalData")
            .WithSummary("Show one unmasked personal number; needs a reason and is audited.");
        return api;
    }
}
