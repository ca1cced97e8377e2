import { MigrationInterface, QueryRunner } from 'typeorm';

/** Provinces (ISO 3166-2:LA) and the IRIS Standard v1.2 principles with the criteria known so far. */
export class CreateReferenceData1795512000000 implements MigrationInterface {
  name = 'CreateReferenceData1795512000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "provinces" (
        "code" character varying(6) NOT NULL,
        "name_en" character varying(60) NOT NULL,
        "name_lo" character varying(60) NOT NULL,
        CONSTRAINT "provinces_pkey" PRIMARY KEY ("code")
      )
    `);
    await queryRunner.query(`
      INSERT INTO "provinces" ("code", "name_en", "name_lo") VALUES
        ('LA-VT', 'Vientiane Capital', 'ນະຄອນຫຼວງວຽງຈັນ'),
        ('LA-VI', 'Vientiane', 'ວຽງຈັນ'),
        ('LA-PH', 'Phongsaly', 'ຜົ້ງສາລີ'),
        ('LA-LM', 'Luang Namtha', 'ຫຼວງນ້ຳທາ'),
        ('LA-OU', 'Oudomxay', 'ອຸດົມໄຊ'),
        ('LA-BK', 'Bokeo', 'ບໍ່ແກ້ວ'),
        ('LA-LP', 'Luang Prabang', 'ຫຼວງພະບາງ'),
        ('LA-XA', 'Xaignabouli', 'ໄຊຍະບູລີ'),
        ('LA-HO', 'Houaphanh', 'ຫົວພັນ'),
        ('LA-XI', 'Xiangkhouang', 'ຊຽງຂວາງ'),
        ('LA-XS', 'Xaisomboun', 'ໄຊສົມບູນ'),
        ('LA-BL', 'Bolikhamxay', 'ບໍລິຄຳໄຊ'),
        ('LA-KH', 'Khammouane', 'ຄຳມ່ວນ'),
        ('LA-SV', 'Savannakhet', 'ສະຫວັນນະເຂດ'),
        ('LA-SL', 'Salavan', 'ສາລະວັນ'),
        ('LA-XE', 'Sekong', 'ເຊກອງ'),
        ('LA-CH', 'Champasak', 'ຈຳປາສັກ'),
        ('LA-AT', 'Attapeu', 'ອັດຕະປື')
    `);
    await queryRunner.query(`
      CREATE TABLE "iris_criteria" (
        "code" character varying(12) NOT NULL,
        "principle" character varying(2) NOT NULL,
        "title" character varying(300) NOT NULL,
        "standard_version" character varying(10) NOT NULL DEFAULT '1.2',
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "iris_criteria_pkey" PRIMARY KEY ("code")
      )
    `);
    await queryRunner.query(
      `CREATE INDEX "iris_criteria_principle_idx" ON "iris_criteria" ("principle", "code")`,
    );
    await queryRunner.query(`
      INSERT INTO "iris_criteria" ("code", "principle", "title") VALUES
        ('A', 'A', 'Respect for laws, fundamental principles and rights at work'),
        ('B', 'B', 'Respect for ethical and professional conduct'),
        ('1', '1', 'Prohibition of recruitment fees and related costs to jobseekers (the Employer Pays Principle)'),
        ('2', '2', 'Respect for freedom of movement'),
        ('3', '3', 'Respect for transparency of terms and conditions of employment'),
        ('4', '4', 'Respect for confidentiality and data protection'),
        ('5', '5', 'Respect for access to remedy'),
        ('A.1', 'A', 'The labour recruiter complies with applicable laws'),
        ('A.2', 'A', 'The labour recruiter prohibits forced labour'),
        ('A.3', 'A', 'The labour recruiter does not recruit workers under the age of 18')
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "iris_criteria"`);
    await queryRunner.query(`DROP TABLE "provinces"`);
  }
}
