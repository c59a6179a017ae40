using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PayDesk.Infrastructure.Data;

/// <summary>
/// The SQLite writer's statements, each prepared once per batch. EF Core makes a new command for every row it writes and
/// SQLite parses each one again (a 16-column INSERT of an SLA clock five times per complaint); within one batch of the
/// writer the same twenty-odd texts repeat hundreds of times. While the writer runs a batch, every command on its
/// connection runs through the prepared statement kept here for its text; the statements go with the batch's connection.
/// </summary>
internal sealed class SqliteBatchStatements
{
    private static readonly ConditionalWeakTable<DbConnection, SqliteBatchStatements> ByConnection = new();

    // Texts that differ by more than their parameters (an UPDATE of whichever columns changed) are few; this bounds them.
    private const int MaxStatements = 128;

    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    private SqliteBatchStatements(SqliteConnection connection) => _connection = connection;

    /// <summary>Statements prepared in this batch (tests: one per text, not one per row).</summary>
    public int Prepared { get; private set; }

    /// <summary>Keeps statements for <paramref name="connection"/> until <see cref="End"/>.</summary>
    public static SqliteBatchStatements Begin(SqliteConnection connection)
    {
        var statements = new SqliteBatchStatements(connection);
        ByConnection.AddOrUpdate(connection, statements);
        return statements;
    }

    /// <summary>The statements of the batch running on <paramref name="connection"/>, if the writer runs one on it.</summary>
    public static SqliteBatchStatements? Of(DbConnection? connection) =>
        connection is not null && ByConnection.TryGetValue(connection, out var statements) ? statements : null;

    /// <summary>Finalizes the statements (before the connection goes back to the pool).</summary>
    public void End()
    {
        ByConnection.Remove(_connection);
        foreach (var command in _commands.Values) command.Dispose();
        _commands.Clear();
    }

    /// <summary>Runs <paramref name="command"/>'s text with its parameters through the batch's statement for that text.</summary>
    public SqliteDataReader ExecuteReader(DbCommand command, CommandBehavior behavior = CommandBehavior.Default)
    {
        var prepared = Statement(command.CommandText, command.Transaction);
        prepared.Parameters.Clear();
        foreach (SqliteParameter parameter in command.Parameters) prepared.Parameters.Add(parameter);
        try
        {
            return prepared.ExecuteReader(behavior);
        }
        catch
        {
            // Whatever state a failed statement is left in, the next use of this text prepares it afresh.
            Forget(command.CommandText, prepared);
            throw;
        }
    }

    public int ExecuteNonQuery(DbCommand command)
    {
        var reader = ExecuteReader(command);
        try
        {
            // Disposing runs the text's remaining statements ("DELETE …; INSERT …").
            reader.Dispose();
        }
        catch
        {
            Forget(command.CommandText, null);
            throw;
        }
        return reader.RecordsAffected;
    }

    public object? ExecuteScalar(DbCommand command)
    {
        using var reader = ExecuteReader(command);
        return reader.Read() ? reader.GetValue(0) : null;
    }

    private SqliteCommand Statement(string sql, DbTransaction? transaction)
    {
        if (!_commands.TryGetValue(sql, out var prepared))
        {
            if (_commands.Count >= MaxStatements)
            {
                foreach (var old in _commands.Values) old.Dispose();
                _commands.Clear();
            }
            prepared = _connection.CreateCommand();
            prepared.CommandText = sql;
            Prepared++;
            _commands[sql] = prepared;
        }
        prepared.Transaction = (SqliteTransaction?)transaction;
        return prepared;
    }

    private void Forget(string sql, SqliteCommand? prepared)
    {
        if (prepared is null && !_commands.TryGetValue(sql, out prepared)) return;
        _commands.Remove(sql);
        prepared.Dispose();
    }
}

/// <summary>Sends EF Core's commands on the SQLite writer's connection through the batch's prepared statements.</summary>
internal sealed class SqliteBatchStatementReuse : DbCommandInterceptor
{
    /// <summary>Runs the command through the batch's statement when the writer runs a batch on its connection.</summary>
    private static InterceptionResult<T> Reuse<T>(DbCommand command, InterceptionResult<T> result, Func<SqliteBatchStatements, DbCommand, T> run) =>
        !result.HasResult && SqliteBatchStatements.Of(command.Connection) is { } statements
            ? InterceptionResult<T>.SuppressWithResult(run(statements, command))
            : result;

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
        Reuse<DbDataReader>(command, result, (s, c) => s.ExecuteReader(c));

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(ReaderExecuting(command, eventData, result));

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) =>
        Reuse(command, result, (s, c) => s.ExecuteNonQuery(c));

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(NonQueryExecuting(command, eventData, result));

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) =>
        Reuse(command, result, (s, c) => s.ExecuteScalar(c)!);

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(ScalarExecuting(command, eventData, result));
}
