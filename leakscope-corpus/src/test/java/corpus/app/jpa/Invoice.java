package corpus.app.jpa;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.math.BigDecimal;

/** An invoice row, mapped by Hibernate. */
@Entity
public class Invoice {
  @Id private long id;
  private String customer;
  private String description;
  private BigDecimal amount;

  protected Invoice() {}

  Invoice(long id, String customer, String description, BigDecimal amount) {
    this.id = id;
    this.customer = customer;
    this.description = description;
    this.amount = amount;
  }

  public long getId() {
    return id;
  }

  public String getCustomer() {
    return customer;
  }

  public BigDecimal getAmount() {
    return amount;
  }

  public String getDescription() {
    return description;
  }
}
