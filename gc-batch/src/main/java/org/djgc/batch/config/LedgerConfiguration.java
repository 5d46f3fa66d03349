package org.djgc.batch.config;

import javax.sql.DataSource;
import org.djgc.core.quarantine.QuarantineLedger;
import org.djgc.core.quarantine.jdbc.JdbcQuarantineLedger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The quarantine ledger, in the metadata database beside Spring Batch's tables. */
@Configuration(proxyBeanMethods = false)
public class LedgerConfiguration {
  @Bean
  QuarantineLedger quarantineLedger(DataSource dataSource) {
    JdbcQuarantineLedger ledger = new JdbcQuarantineLedger(dataSource);
    ledger.initialize();
    return ledger;
  }
}
