using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace PayDesk.Infrastructure.Data;

/// <summary>
/// A query compiled once per model (<see cref="EF.CompileAsyncQuery{TContext,TResult}(System.Linq.Expressions.Expression{Func{TContext,TResult}})"/>),
/// for the reads every complaint filed makes: translating such a query on each call (its cache key hashed, the closure's
/// expressions evaluated by compiling them) cost more than running it. EF binds a compiled query to the model it first ran
/// on and refuses any other, and SQLite's and PostgreSQL's contexts each have their own, so one is kept per model.
/// </summary>
internal sealed class CompiledQuery<TQuery>(Func<TQuery> compile) where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> byModel = new();

    public TQuery For(DbContext db) => byModel.GetValue(db.Model, _ => compile());
}
