using Microsoft.AspNetCore.Components;

namespace PayDesk.Components;

/// <summary>
/// A component that reads the database through a scope of its own (sibling panels load side by side, and one DbContext
/// cannot run two queries at once) and loads one parameter set at a time: a parent that renders again while the last load
/// is still waiting for the database (a workbench finishing its own load) sets the parameters again, and the two loads
/// would share this component's DbContext. SQLite answers synchronously and never showed it; PostgreSQL did, as a 500 on
/// the complaint page (TicketPageOnPostgresTests).
/// </summary>
public abstract class ScopedComponent : OwningComponentBase
{
    private readonly SemaphoreSlim _loading = new(1, 1);

    protected sealed override async Task OnParametersSetAsync()
    {
        await _loading.WaitAsync();
        try
        {
            await OnParametersSetSerialAsync();
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>What OnParametersSetAsync would do; never runs twice at once for one component.</summary>
    protected virtual Task OnParametersSetSerialAsync() => Task.CompletedTask;
}
