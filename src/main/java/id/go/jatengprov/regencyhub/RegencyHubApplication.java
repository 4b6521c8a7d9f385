package id.go.jatengprov.regencyhub;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class RegencyHubApplication {
    public static void main(String[] args) {
        SpringApplication.run(RegencyHubApplication.class, args);
    }
}
