// Chaser on Azure, as the Microsoft 365 Agents Toolkit provisions a Python bot (m365agents.yml runs this with
// infra/azure.parameters.json): a Linux App Service (Python 3.11) running `gunicorn app:create_app`, an Azure
// Database for PostgreSQL flexible server holding the register, and a single-tenant Azure Bot with the Teams
// channel. The app settings are every setting Chaser refuses to start without in production (README,
// "Configuration"); tests/deploy/test_azure.py checks that against bot/config.py.

@maxLength(20)
@minLength(4)
@description('Used to name every resource in this file (the web app becomes <name>.azurewebsites.net).')
param resourceBaseName string

@description('Where the resources go; the Azure Bot itself is global.')
param location string = resourceGroup().location

@description('The Entra app registration (client) id of the bot: single tenant (aadApp/create in m365agents.yml).')
param botAadAppClientId string

@secure()
@description('The app registration\'s client secret. Leave empty with useFederatedCredential.')
param botAadAppClientSecret string = ''

@description('Instead of a client secret, sign in as the app registration with a token of this deployment\'s managed identity: add a federated credential for it to the app registration first (docs/deploy.md).')
param useFederatedCredential bool = false

@description('The tenant the bot is registered in.')
param botTenantId string = tenant().tenantId

@secure()
@description('32+ random characters: signs export links and answer-page tokens, the same on every instance.')
param signingSecret string

@description('Tenants whose activities are accepted (comma-separated ids); by default only the bot\'s own.')
param allowedTenants string = botTenantId

@maxLength(42)
param botDisplayName string = 'Chaser'

@description('App Service plan: B1 is enough for a forum or committee; P0v3 and up for several instances.')
param webAppSKU string = 'B1'

param linuxFxVersion string = 'PYTHON|3.11'

param postgresAdminLogin string = 'chaser'

@secure()
param postgresAdminPassword string

@description('Burstable B1ms: 1 vCore, 2 GiB, enough for the register.')
param postgresSkuName string = 'Standard_B1ms'

param postgresSkuTier string = 'Burstable'

@description('Days of point-in-time restore Azure keeps for the register (7 to 35).')
@minValue(7)
@maxValue(35)
param postgresBackupRetentionDays int = 14

var webAppName = resourceBaseName
var publicUrl = 'https://${webAppName}.azurewebsites.net'
var databaseName = 'chaser'

// The web app's own identity. With useFederatedCredential the app registration trusts it, and no client secret
// exists to leak or expire.
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${resourceBaseName}-identity'
  location: location
}

resource serverfarm 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: resourceBaseName
  location: location
  kind: 'linux'
  sku: {
    name: webAppSKU
  }
  properties: {
    reserved: true
  }
}

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2022-12-01' = {
  name: '${resourceBaseName}-pg'
  location: location
  sku: {
    name: postgresSkuName
    tier: postgresSkuTier
  }
  properties: {
    version: '16'
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
    storage: {
      storageSizeGB: 32
    }
    backup: {
      backupRetentionDays: postgresBackupRetentionDays
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: {
      mode: 'Disabled'
    }
  }
}

resource postgresDatabase 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2022-12-01' = {
  parent: postgres
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

// 0.0.0.0 to 0.0.0.0 is Azure's rule for "connections from Azure services": the web app's outbound addresses.
resource postgresFromAzure 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2022-12-01' = {
  parent: postgres
  name: 'AllowAzureServices'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: webAppName
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: serverfarm.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: linuxFxVersion
      // gunicorn.conf.py (read from the app's folder) sets aiohttp's worker, the address and the port.
      appCommandLine: 'gunicorn app:create_app'
      // The scheduler runs inside the app: without Always On, App Service idles it and chasers stop.
      alwaysOn: true
      // App Service stops sending traffic to an instance whose database is unreachable or not migrated.
      healthCheckPath: '/readyz'
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      http20Enabled: true
      appSettings: [
        {
          name: 'SCM_DO_BUILD_DURING_DEPLOYMENT'
          value: 'true'
        }
        {
          name: 'WEBSITES_PORT'
          value: '8000'
        }
        {
          name: 'PORT'
          value: '8000'
        }
        {
          name: 'MicrosoftAppId'
          value: botAadAppClientId
        }
        {
          name: 'MicrosoftAppPassword'
          value: botAadAppClientSecret
        }
        {
          name: 'CHASER_FEDERATED_CLIENT_ID'
          value: useFederatedCredential ? identity.properties.clientId : ''
        }
        {
          name: 'MicrosoftAppType'
          value: 'SingleTenant'
        }
        {
          name: 'MicrosoftAppTenantId'
          value: botTenantId
        }
        {
          name: 'DATABASE_URL'
          value: 'postgresql://${postgresAdminLogin}:${uriComponent(postgresAdminPassword)}@${postgres.properties.fullyQualifiedDomainName}:5432/${databaseName}?ssl=require'
        }
        {
          name: 'CHASER_PUBLIC_URL'
          value: publicUrl
        }
        {
          name: 'CHASER_SIGNING_SECRET'
          value: signingSecret
        }
        {
          name: 'CHASER_ALLOWED_TENANTS'
          value: allowedTenants
        }
        {
          name: 'CHASER_LOG_FORMAT'
          value: 'json'
        }
      ]
    }
  }
  dependsOn: [
    postgresDatabase
    postgresFromAzure
  ]
}

// The bot's registration with the Bot Framework: where Teams sends activities, and whose app id signs them.
// Single tenant: Microsoft stopped creating multi-tenant bots in July 2025 (docs/teams-platform.md).
resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: resourceBaseName
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: 'F0'
  }
  properties: {
    displayName: botDisplayName
    endpoint: '${publicUrl}/api/messages'
    msaAppId: botAadAppClientId
    msaAppType: 'SingleTenant'
    msaAppTenantId: botTenantId
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

// Written to env/.env.<environment> by the Toolkit (arm/deploy).
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output BOT_DOMAIN string = webApp.properties.defaultHostName
output CHASER_PUBLIC_URL string = publicUrl
output POSTGRES_SERVER string = postgres.properties.fullyQualifiedDomainName
// For the federated credential (docs/deploy.md): the subject is this identity's object (principal) id.
output BOT_IDENTITY_CLIENT_ID string = identity.properties.clientId
output BOT_IDENTITY_PRINCIPAL_ID string = identity.properties.principalId
