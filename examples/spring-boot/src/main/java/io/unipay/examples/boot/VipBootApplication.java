package io.unipay.examples.boot;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The VIP-recharge example on Spring Boot: a user buys a VIP package, pays with WeChat Pay or
 * Alipay, and {@link VipHandler} extends the user's VIP inside the settlement transaction. The
 * {@code sandbox} profile (the default) runs on H2 with the testkit's simulators in-process; the
 * {@code live} profile reads real providers and a real database from {@code application.yml}.
 */
@SpringBootApplication
public class VipBootApplication {

  /** The clock VIP periods are computed with. */
  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  public static void main(String[] args) {
    SpringApplication.run(VipBootApplication.class, args);
  }
}
