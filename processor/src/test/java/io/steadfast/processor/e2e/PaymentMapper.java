package io.steadfast.processor.e2e;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** The business table of the transactional handler, written through MyBatis as users do. */
public interface PaymentMapper {
  @Update("CREATE TABLE e2e_payment (order_id VARCHAR(64) NOT NULL, amount_cents BIGINT NOT NULL)")
  void createTable();

  @Insert("INSERT INTO e2e_payment (order_id, amount_cents) VALUES (#{orderId}, #{amountCents})")
  int insert(@Param("orderId") String orderId, @Param("amountCents") long amountCents);

  @Select("SELECT COUNT(*) FROM e2e_payment WHERE order_id = #{orderId}")
  int count(@Param("orderId") String orderId);
}
