# PayDesk container image (docs/operations.md, "Containers"). Build: docker build -t paydesk:local .
# Written without a Docker daemon at hand: it follows the published layout that the tests check, but has not been built here.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/PayDesk/PayDesk.csproj -c Release -o /app -nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# The data folder (SQLite database, key rings, attachments): mount a volume here. With PostgreSQL it still holds
# attachments, so every node needs the same shared volume or attachments stay on the node that received them.
ENV PAYDESK_DATA_DIR=/var/lib/paydesk \
    ASPNETCORE_ENVIRONMENT=Production \
    Urls=http://0.0.0.0:8080 \
    DOTNET_NOLOGO=1
RUN mkdir -p /var/lib/paydesk && chown app:app /var/lib/paydesk
# LDAP sign-in needs libldap from the image's distribution (Ubuntu 24.04 for .NET 10): uncomment when Ldap__Enabled.
# RUN apt-get update && apt-get install -y --no-install-recommends libldap2 && rm -rf /var/lib/apt/lists/*
USER app
VOLUME /var/lib/paydesk
EXPOSE 8080
# `docker run paydesk:local doctor` (or backup, restore, retention, db migrate) runs a verb instead of the server.
ENTRYPOINT ["dotnet", "/app/PayDesk.dll"]
