import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@api/config/app-config';
import { ClusterNotifications } from './cluster-notifications';
import { dataSourceOptions } from './data-source-options';
import { MigrationsOnStartup } from './migrations-on-startup';

@Module({})
export class DatabaseModule {
  /** `url` is the real server's or the embedded PGlite socket's. */
  static forRoot(url: string): DynamicModule {
    return {
      module: DatabaseModule,
      // Cache notices between replicas are infrastructure every feature may use.
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => dataSourceOptions(config, url),
        }),
      ],
      providers: [MigrationsOnStartup, ClusterNotifications],
      exports: [ClusterNotifications],
    };
  }
}
